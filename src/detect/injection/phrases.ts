/**
 * Phrases of prompt injection that are specific to content a tool returns (web pages, e-mails,
 * issues, files): text that speaks to the AI reading it, tells it how to answer, or asks it to
 * fill data into a link. The vocabulary shared with tool poisoning lives in
 * `../poisoning/rules/`; these lists only add what a result says and a tool description does not.
 * Lower case throughout, like the text they run on.
 */

// Names a model goes by, qualified so that "agent" or "assistant" alone (a person's job) does not count.
const AI_NAME =
  "(?:ai|a\\.i\\.|llms?|(?:large )?language models?|ai[- ](?:models?|assistants?|agents?|systems?|graders?|reviewers?|tools?)|ai (?:email|e-mail|coding|browsing|shopping|screening) (?:assistants?|agents?)|chatbots?|automated (?:agents?|systems?|assistants?|tools?|reviewers?)|coding (?:agents?|assistants?)|claude|chatgpt|gpt(?:-?\\d[\\w.]*)?|gemini|copilot|cursor|codex|the assistant|the ai|the llm)";

/** Text addressed to the AI that reads it: "note to AI models", "if you are an AI", "AI agent reading this". */
export const ADDRESSED_TO_MODEL: RegExp[] = [
  new RegExp(
    `\\b(?:note|notes|message|notice|memo|reminder|instructions?|directive|request|warning|p\\.?s\\.?|attention|important|urgent|critical|priority)\\b[^.\\n:]{0,15}\\b(?:to|for)\\b (?:the |any |all |every |an? |each |our )?(?:reviewing |screening |grading |processing |visiting )?${AI_NAME}\\b`,
  ),
  new RegExp(
    `\\bif you(?:'re| are)\\b (?:an? |the )?(?:ai|a\\.i\\.|llm|(?:large )?language model|ai (?:model|assistant|agent|system)|chatbot|automated (?:agent|system|assistant|tool)|claude|chatgpt|gpt(?:-?\\d[\\w.]*)?|gemini|copilot|cursor)\\b`,
  ),
  /\b(?:ai|a\.i\.|llms?|language models?|ai (?:models?|assistants?|agents?|systems?)|claude|chatgpt|gpt(?:-?\d[\w.]*)?|gemini|copilot|cursor|coding (?:agents?|assistants?)|automated agents?)\b[^.\n]{0,20}\b(?:reading|processing|summari[sz]ing|parsing|viewing|analy[sz]ing|triaging|screening|reviewing|grading|visiting|crawling|indexing|browsing|working on|managing|installing|editing|modifying|translating|transcribing)\b/,
  new RegExp(`[(\\[]\\s*(?:for|to) (?:the |any |all )?${AI_NAME}(?: only)?\\s*[)\\]]`),
  /\bthe (?:user|human|person) you(?:'re| are) (?:helping|assisting|talking to|chatting with|working (?:with|for)|acting for)\b/,
  /(?:给|致)(?:ai|人工智能)?(?:助手|模型|智能体)?的(?:说明|提示|注意|备注|消息|指示)|(?:ai|人工智能)(?:助手|模型)(?:请|必须|应该)|aiアシスタントへ|aiへの(?:指示|メモ)/,
  /\b(?:this|the following) (?:message|note|section|text|part|instruction|request) is (?:for|addressed to|meant for|intended for) (?:the |any |an? )?(?:ai|llm|language model|assistant|agent|model|bot)\b/,
  /\b(?:ai|a\.i\.|llm|assistant|chatbot|gpt|claude|copilot|ai agent|ai model)[- ](?:instructions?|directives?|notes?|only)\b\s*[:\]]/,
  /(?:hinweis|nachricht|anweisung)(?: für| an) (?:den |die |das )?(?:ki|ki-assistenten|ki-agenten|assistenten)|\b(?:nota|mensaje|instrucciones?) para (?:el |la )?(?:asistente de ia|ia|modelo)|\bp\.?d\.? para el asistente/,
];

/** Calling on an AI by name at the start of a sentence or line: "AI: …", "Claude, …", "@copilot". */
export const AI_VOCATIVE: RegExp[] = [
  /(?:^|[\n.!?()[\]|"'>*#,;:-])[ \t]*(?:dear |hey |hi |hello |attention,? |attn:? |ok(?:ay)?,? )?(?:ai|a\.i\.|llms?|ai(?:[- ][a-z]+){1,2}|claude|chatgpt|gpt|gemini|copilot|cursor|(?:large )?language models?|ai-agents?)[ \t]*[,:!]/,
  /\b(?:gemini|claude|gpt|chatgpt|copilot)(?:, (?:gemini|claude|gpt|chatgpt|copilot|cursor))+/,
];

/** An @-mention of an AI in content: an instruction to the model from someone other than its user. */
export const AI_MENTION: RegExp[] = [
  /(?:^|\s)@(?:copilot|claude|chatgpt|gemini|codex|cursor|devin|assistant|ai|ai-bot|ai-agent|agent|bot)\b/,
];

/** "The assistant handling this mailbox", "agent instructions:": a role addressed in the content. */
export const ROLE_ADDRESS: RegExp[] = [
  /\b(?:assistant|agent|bot|model)s? (?:handling|managing|reading|processing|summari[sz]ing|triaging|screening|reviewing|quoting|answering) (?:this|these|my|the|our)\b/,
  /\b(?:agent|bot|model)[- ](?:instructions?|directives?|notes?)\s*[:\]]/,
];

/** Money sent to an account named in the content. */
export const PAYMENT_REQUEST: RegExp[] = [
  /\b(?:wire|transfer|send|pay)\b[^.\n]{0,25}\d[\d,.]*\s?(?:eur|usd|gbp|€|\$|£|dollars|euros|pounds)?[^.\n]{0,25}\bto (?:the |this |my |our |a new )?(?:account|iban|wallet|beneficiary)\b/,
];

/** Calling on "assistant", "agent" or "bot": a person's role as often as a model's, so weaker. */
export const ROLE_VOCATIVE: RegExp[] = [
  /(?:^|[\n.!?()[\]|"'>*#,;:-])[ \t]*(?:dear |hey |hi |hello |attention,? |attn:? |ok(?:ay)?,? )?(?:[a-z]+ )?(?:assistant|agent|bot|model)[ \t]*[,:!]/,
];

/** The model told what it must do: "the assistant must now…", "AI agents installing this must…". */
export const MODEL_DUTY: RegExp[] = [
  /\b(?:claude|chatgpt|gpt(?:-?\d[\w.]*)?|gemini|copilot|the ai|the llm|the assistant|the model|the agent|ai (?:agents?|assistants?|models?)|llms?|(?:any|every|each|all) (?:ai )?(?:assistants?|agents?|models?|bots?|llms?))\b[^.\n]{0,25}\b(?:must|shall|should|will now|needs? to|is required to|are required to|is instructed to|are instructed to|may now|is now (?:allowed|permitted)|are now (?:allowed|permitted))\b/,
];

/** What the answer should say: "when summarizing this page, say…", "tell the user that…". */
export const OUTPUT_STEERING: RegExp[] = [
  /\bwhen (?:you(?:'re| are)? )?(?:summari[sz]\w*|answer\w*|respond\w*|repl(?:y|ies|ying)|process\w*|analy[sz]\w*|review\w*|translat\w*|grad\w*|rank\w*|describ\w*|asked (?:about|for|to)|the user asks)\b/,
  /\b(?:in|to) (?:your|its|their) (?:summary|response|reply|answer|review|output|report|analysis|commit message)\b/,
  /\b(?:always|only|instead) (?:say|recommend|mention|answer|respond|reply|state|claim|report)\b/,
  /\b(?:tell|inform|convince|assure|warn) the user (?:to|that)\b/,
  /\b(?:reply|respond|answer) (?:only )?with (?:the|a|an|only|just|nothing|your|all|"|')/,
  /\b(?:print|output|say|return) (?:the (?:text|phrase|word|sentence)|only) ["'a-z]/,
  /\bbefore (?:doing anything else|you (?:answer|respond|reply|continue|proceed|do anything|summari[sz]e)|answering|responding|replying|continuing|proceeding|summari[sz]ing)\b/,
  /\b(?:report|claim|state|pretend|conclude) that (?:all|the|this|it|there|everything|nothing|you|\w+ is)\b/,
  /\b(?:answer|respond to|reply to) (?:every|all|each|any) (?:questions?|requests?|messages?) (?:by|with)\b|\bfrom (?:this point|here) on(?:ward)?\b|\bgoing forward,? (?:you|always|only|answer|respond)\b/,
];

/** Directions for the moment the model processes this very content: "when summarizing this page". */
export const PROCESSING_DIRECTIVE: RegExp[] = [
  /\bwhen (?:you(?:'re| are)? )?(?:summari[sz]\w*|process\w*|analy[sz]\w*|read\w*|review\w*|pars\w*|translat\w*) (?:this|these|the following) (?:page|document|email|e-mail|article|site|website|thread|channel|file|repo(?:sitory)?|text|content|message|conversation|event|resume|cv|essay|issue|ticket|data|notes|minutes|transcript|logs?|chat|results|reviews?|comments|report|spreadsheet)\b/,
];

/** Claims of rights or roles the model supposedly has now. */
export const PRIVILEGE_CLAIM: RegExp[] = [
  /\b(?:you (?:now )?have|has granted you|have granted you|you(?:'ve| have) been granted|you are now (?:an? )?)(?: full| elevated| unrestricted)? ?(?:admin(?:istrator)?|root|elevated|full|unrestricted|superuser) (?:rights|access|privileges|permissions|mode)\b|\bas the (?:repository |repo |account |site )?owner,? i (?:authori[sz]e|allow|instruct)\b/,
];

/** Skipping the checks that would catch the change. */
export const SKIP_CHECKS: RegExp[] = [
  /\b(?:skip|bypass|don't run|do not run|no need to run|without running) (?:the )?(?:review|tests?|test suite|checks?|ci|security (?:scan|review|checks?)|linter)\b/,
];

/** Casting doubt on earlier results so the model acts on the content instead. */
export const RESULT_DISCREDIT: RegExp[] = [
  /\b(?:the )?(?:previous|above|these|this|last) (?:tool |search )?(?:results?|outputs?|responses?|answers?|data|information) (?:was|were|is|are) (?:incorrect|wrong|outdated|invalid|fake|compromised|inaccurate)\b/,
];

/** Keeping the action from the user, in the words content uses ("without mentioning this comment"). */
export const CONTENT_SECRECY: RegExp[] = [
  /\bwithout (?:mentioning|disclosing|revealing|noting|flagging|reporting) (?:this|these|the|my|it)\b/,
  /\b(?:don't|do not|never) (?:mention|reveal|disclose|bring up|flag|report|highlight|point out) (?:this|these|the|it|them|that)\b/,
  /\b(?:keep|leave) (?:that|this|the|it)(?: \w+){0,2} (?:change )?out of (?:the |your )?(?:pr|pull request|description|summary|review|diff|commit message|changelog|report)\b/,
  /\bkeep quiet about\b|\bkeep (?:it|this) quiet\b|\bsay nothing about (?:this|it|why)\b|\btell (?:your supervisor|your manager|anyone|them|the user) nothing\b|\bthey (?:do not|don't) need to know\b/,
  /\bleave out (?:my|these|the|any|all) (?:messages?|objections|comments|warnings|risks?)\b|\bhide (?:any|all|the) (?:risks?|warnings?|risk warnings)\b/,
];

/** Acting without asking, in the words content uses ("without asking them"). */
export const CONTENT_CONSENT: RegExp[] = [
  /\bwithout (?:asking|telling|informing|notifying|consulting|alerting) (?:them|him|her|anyone|first|for (?:confirmation|permission|approval))\b/,
  /\b(?:do not|don't|never) ask (?:for )?(?:confirmation|permission|approval)\b|\bno need to (?:ask|confirm)\b/,
  /\bwithout (?:asking|confirmation|confirming|approval|permission)\b|\bno (?:confirmation|approval|permission) (?:is )?(?:needed|required|necessary)\b/,
  /\b(?:don't|do not|no need to|without) (?:confirm|check)(?:ing)? (?:with )?(?:me|us|them|the user|first)\b|\bdon't bother the user\b|\bdo not bother the user\b/,
];

/** Override in looser words: "ignore the contributing guidelines", "disregard its guidelines". */
export const LOOSE_OVERRIDE: RegExp[] = [
  /\b(?:ignore|disregard|bypass|override)\b (?:the |your |its |all |any )(?:\w+ )?(?:guidelines|guidance|directions|instructions|rules|polic(?:y|ies)|guardrails|safety (?:rules|guidelines|measures|training)|rubric|content policy|constraints|programming|training|orders|task|request|assignment)\b/,
  /\b(?:disable|turn off|remove|bypass|skip|ignore) (?:all |your |any |the )?(?:safety|security|content) (?:checks|filters?|guardrails|rules|restrictions|training|guidelines|measures)\b/,
  /\b(?:ignore|disregard) (?:the )?user's (?:request|instructions?|question|message)|忽略用户的(?:请求|指令|要求)/,
];

/** The data ends and a forged conversation turn begins. */
export const CONTEXT_BOUNDARY: RegExp[] = [
  /\bend of (?:the )?(?:document|context|input|data|file|page|e-?mail|article|text|transcript|conversation|chat|thread|log|search results?|tool (?:output|result))\b[^\n]*\n+[ \t]*(?:user|human|system|assistant)[ \t]*:/,
];

/** A system or vendor header: "SYSTEM MESSAGE:", "### PRIORITY OVERRIDE ###". */
export const AUTHORITY_HEADER: RegExp[] = [
  /(?:^|\n)\W{0,6}(?:system|admin(?:istrator)?|developer|security|openai|anthropic|priority)[ _-](?:message|notice|override|prompt|instructions?|directive|alert|update)\b/,
];

/** Destroying data in bulk. */
export const DESTRUCTIVE: RegExp[] = [
  /\b(?:delete|remove|erase|wipe|drop|destroy|purge)\b (?:every|all|the entire|the whole|this (?:message|email|e-mail|issue)|row \d+|the tests?|the repo(?:sitory)?|(?:all )?my files|the branch protection|the release tags)\b|\bdrop table\b|\bforce-?push\b/,
];

/** Installing or running something fetched from an address. */
export const INSTALL_FROM_URL: RegExp[] = [
  /\b(?:install|download|run|execute)\b (?:the |this )?(?:update|package|extension|plugin|app|software|binary|installer|script|file)?[^.\n]{0,40}\bfrom https?:\/\//,
];

/** The notice Bastion leaves where it removed a data-carrying image or link. */
export const EXFILTRATION_NOTICE: RegExp[] = [
  /\[(?:image|link) removed by bastion: its address carried data/,
];

/** The notice Bastion leaves where a link or image address had placeholders waiting for data. */
export const EXFILTRATION_TEMPLATE_NOTICE: RegExp[] = [
  /\[(?:image|link) removed by bastion: its address asked for data/,
];

/** Judgements the content dictates to the model that reads it. */
export const VERDICT: RegExp[] = [
  /\brank (?:them|this|the candidate|this candidate|me|us|it) (?:first|highest|at the top)\b/,
  /\bgive (?:this|the|my) (?:essay|answer|submission|paper|candidate|review|product|app)s? (?:the )?(?:maximum|full|highest|top|perfect|best) (?:score|marks|rating|grade|review)/,
  /\bapprove (?:this|the|all|any|it)(?: \w+)? ?(?:pull requests?|prs?|changes?|merge requests?|transactions?|payments?|refunds?|invoices?|transfers?|requests?)?\b(?:,? and merge)?|\bapprove and merge\b|\bmerge (?:all|every) (?:open )?(?:pull requests|prs)\b/,
  /\b(?:mark|flag|treat|label|classify)\b (?:this|the|it|all)(?: [\w-]+){0,3} as (?:trusted|safe|resolved|legitimate|verified|not spam|a false positive|false positive|benign|approved|critical)\b/,
  /\b(?:rate|score|grade|rank|evaluate|assess|describe)\b (?:this|the|it|them|its)\b[^.\n]{0,50}\bas (?:excellent|outstanding|perfect|the best|top|strong|very positive|a strong buy)\b|\bregardless of (?:the|what|any) (?:data|evidence|facts|results|rubric|content)\b/,
  /\b(?:describe|portray|present|characteri[sz]e|depict|frame)\b (?:this|the|it|them|its|our|their)\b[^.\n]{0,40}\bas (?:a |an )?(?:failure|success|fake|fraud|fraudulent|scam|unsafe|safe|dangerous|excellent|outstanding|perfect|legitimate|official|recalled|bankrupt)\b/,
  /\b(?:update|change|set|replace|switch)\b[^.\n]{0,30}\b(?:payee|beneficiary|iban|bank (?:details|account)|account number|wallet address)\b/,
  /\bpresent (?:this|it) as (?:a )?fact\b|\bsay (?:that )?it (?:was|has been) (?:verified|approved|checked)\b/,
  /\b(?:issue|grant|approve) (?:a )?(?:full )?refund\b/,
];

/** Requests to disclose what the model was told. */
export const PROMPT_LEAK: RegExp[] = [
  /\b(?:print|reveal|show|output|repeat|display|share|tell me|leak|disclose|dump|write out|recite)\b[^.\n]{0,30}\b(?:your|its|the) (?:entire |full |complete |initial |original |hidden |secret |exact |whole )*(?:system prompt|system message|system instructions|hidden (?:instructions|rules|prompt)|initial (?:prompt|instructions)|instructions verbatim|configuration and rules)/,
];

/** Override phrasings particular to content: reassigned tasks, superseded instructions. */
export const CONTENT_OVERRIDE: RegExp[] = [
  /\byour (?:new|real|actual|true|only|updated) (?:task|goal|job|purpose|mission|objective|instructions?|directive|priority) (?:is|are|now)\b/,
  /\b(?:ignore|disregard|forget) (?:everything|all(?: of)?(?: that| what)?) (?:you(?:'ve| have| were| had)? (?:been )?(?:told|given|instructed|read|learned|seen)|(?:written |said |stated )?(?:above|before|previously|so far|until now))/,
  /\byou are no longer (?:a |an |the |bound|restricted|required|limited)/,
  /\b(?:ignore|disregard)\b (?:the |what the )?user(?:'s)? (?:request|instructions|question|message|task)/,
  /\b(?:previous|prior|earlier|above|original|old) (?:instructions|directives|rules|prompts?)\b[^.\n]{0,40}\b(?:are|is|were|have been|has been) (?:superseded|void|cancel+ed|revoked|overridden|replaced|invalid|obsolete)/,
  /\b(?:stop|quit) (?:summari[sz]ing|translating|what you(?:'re| are) doing|the current task)\b[^.\n]{0,30}\binstead\b|\bactually,? (?:no|stop|don't|wait)\b[^\n]{0,20}\b(?:new instructions|instead|ignore)\b/,
  /(?:^|[.!?:]\s+)new (?:instructions|directives|orders|task)\s*(?::|follow)/,
  /\b(?:disregard|ignore) (?:the )?(?:above|rubric|system prompt|task above|previous task)\b/,
  /\b(?:ignora|ignore) (?:la )?tarea anterior\b/,
  /\b(?:ignore|disregard|forget|override|bypass|discard|abandon|set aside|stop following)\b (?:all (?:of )?)?(?:your|its) (?:previous |prior |earlier |above |preceding |original |initial |existing |old |current )?(?:guidance|directions|programming|training|briefing|orders|directives|instructions|guidelines|rules|system prompt)\b/,
  /\b(?:zignoruj|ignoruj)\b[^.\n]{0,30}(?:instrukcj|polece)|\bnegeer\b[^.\n]{0,30}(?:instructies|opdrachten|richtlijnen)|\bignorera\b[^.\n]{0,30}(?:instruktioner|anvisningar)|\babaikan\b[^.\n]{0,30}instruksi|(?:^|[^a-zçğıöşü])önceki talimatlar|\bbỏ qua\b[^.\n]{0,30}hướng dẫn/,
];

/** A fully broken persona: "you are now DAN", "developer mode". */
export const PERSONA_BREAK: RegExp[] = [
  /\byou are now (?:dan\b|in (?:developer|god|jailbreak|unrestricted|debug) mode|an? (?:unrestricted|unfiltered|jailbroken|evil|uncensored) )/,
  /\b(?:developer|god|jailbreak|unrestricted|dan) mode\b|\bdo anything now\b|\bwithout any (?:restrictions|filters?|limits|content polic(?:y|ies))\b|\b(?:with|has|have) no (?:restrictions|limits|filters|guardrails|content polic(?:y|ies))\b/,
];

/** Verbs that send data somewhere, in the imperative: "sent" or "is re-sent" describe, they do not ask. */
export const SEND_NOW: RegExp[] = [
  /(?<!\b(?:never|not|don't|dont|do not|doesn't|won't|cannot|can't)\s)\b(?:send|forward|upload|post|transmit|submit|relay|deliver|e-?mail|mail|share|export|leak|exfiltrate|paste|dump|bcc|cc|beacon|push|sync|copy)\b(?!-)/,
];

/** Verbs that hand data over, unless negated ("never send credentials" is advice, not a request). */
export const HAND_OVER: RegExp[] = [
  /(?<!\b(?:never|not|don't|dont|do not|doesn't|won't|cannot|can't)\s)\b(?:send|forward|share|upload|post|export|leak|exfiltrate|transmit|reply with|respond with|paste|dump|collect|harvest|steal|list|reveal|disclose)\b/,
];

/** Someone's private data named as the object of an action. */
export const USER_DATA: RegExp[] = [
  /\b(?:the )?(?:user|owner|customer)(?:'s|s')? (?:saved |stored |private |personal |other |full )?(?:contacts?|contact list|address(?:es| book)?|calendar|availability|bank (?:account|details)|(?:credit )?card(?: details| number)?|passwords?|e-?mails|inbox|files|documents|credentials|session (?:token|cookie)s?|location|phone numbers?|social security numbers?|data|messages|history|repositor(?:y|ies)|keys|cookies)\b/,
  /\b(?:the )?(?:last|latest|recent) (?:\d+|five|ten|few) (?:e-?mails|messages)\b|\bthe owner's other repositories\b|\bprivate (?:repositories|repos)\b/,
];

/** Work documents that leave the company when sent outside. */
export const WORK_DOCUMENTS: RegExp[] = [
  /\b(?:deck|slides|minutes|reports?|spreadsheets?|contracts?|financials|roadmap|payroll|salar(?:y|ies)|customer list)\b/,
];

/** A link or image address the model is asked to fill with data, the usual exfiltration channel. */
export const URL_DATA: RegExp[] = [
  /https?:\/\/[^\s"'<>)]*[?&][\w-]+=(?:\{[^}\s]*\}|<[^>\s]*>|\[[^\]\s]*\]|[a-z_]*(?:here|placeholder|summary|data|history)\b|$|\s|followed by)/,
  /\b(?:append|add|include|put|insert|encode|replace)\b[^.\n]{0,60}\b(?:in|to|into|inside) (?:the |this )?(?:url|link|image (?:address|url|link)|query string|address above|image address)\b/,
  /\b(?:followed by|append(?:ed)? with)\b[^.\n]{0,30}\b(?:text|contents?|summary|history|token|password|key|e-?mails)\b/,
];

/** Claims that the action is already approved, to talk the model out of asking. */
export const PRETEXT: RegExp[] = [
  /\b(?:this|it) (?:has been|was|is) (?:approved|authori[sz]ed|verified|sanctioned|required by)\b|\bthe user (?:has )?(?:already )?(?:authori[sz]ed|agreed|approved|consented|asked|granted)\b|\bpre-?approved\b|\brequired by the (?:maintainers|administrator|admins|owners?)\b|\bthis is (?:routine|required|mandatory|an approved|a routine|expected)\b|\b(?:no need|not necessary) to (?:ask|confirm|check)\b/,
];

/** Instructions to decode hidden text and act on it. */
export const DECODE_AND_FOLLOW: RegExp[] = [
  /\bdecode (?:this|the following|the (?:string|text|payload|message) below)\b[^.\n]{0,40}\b(?:and|then) (?:follow|execute|run|do|obey|apply)\b/,
];

/** Forged tags and roles that close the data and open a fake turn. */
export const ROLE_TAGS: RegExp[] = [
  /<\/?(?:system|system_prompt|sys|admin|developer_instructions|assistant_instructions|instructions)>|<\/user>|"role"\s*:\s*"(?:system|developer)"/,
  /\[(?:system|system message|admin|developer|instructions?)\]\s*:?|\[(?:user|human|assistant)\]\s*:/,
];
