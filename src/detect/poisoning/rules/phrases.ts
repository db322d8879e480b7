/**
 * Whole phrases of tool poisoning in the languages the lexicon covers: telling the model to keep
 * things from the user, to drop its instructions, to change payments, to run commands, and the
 * triggers that delay an attack. English comes first in each list; lower case throughout.
 */

/** Keeping the user unaware: must not learn, remains in the dark. */
export const SECRECY_AWARENESS: RegExp[] = [
  /\b(?:must|should|may|can|will|need to|needs to)(?: not|n't| never) (?:learn|discover|find out|realize|realise|notice|become aware|suspect|be told|hear about)\b/,
  /\b(?:remains?|stays?|kept|keep (?:them|the user)) (?:unaware|in the dark|oblivious)\b|\bkeep quiet about\b|\bsay nothing (?:about|of)\b|\bnot a word (?:about|to)\b|\bnever bring (?:it|this|that) up\b|\bno need to (?:bring up|mention|tell|explain|disclose|report)\b/,
];

/** Leaving things out of what the user sees: do not mention, hide the fact, omit from the reply. */
export const SECRECY_WITHHOLDING: RegExp[] = [
  /\b(?:do not|don't|never|refrain from|avoid|no need to|without)\b[^.\n]{0,15}\b(?:mention(?:ing)?|bring(?:ing)? up|disclos(?:e|ing)|reveal(?:ing)?|acknowledg(?:e|ing)|explain(?:ing)?)\b[^.\n]{0,60}\b(?:in|to|with) (?:your |the )?(?:reply|replies|response|answer|summary|output|user|human|conversation|chat)\b/,
  /\bleave\b[^.\n]{0,40}\bout of\b[^.\n]{0,30}\b(?:user|reply|response|answer|summary|report|output|anything you)\b/,
  /\b(?:hide|conceal|cover up|obscure|disguise|mask)\b (?:the fact|that you|that it|that this|any (?:sign|trace|evidence|mention)|all (?:signs|traces|evidence))\b/,
  /\b(?:do not|don't|never|without)\b[^.\n]{0,10}\b(?:show|display|mention|include|list|reveal|itemi[sz]e)\b[^.\n]{0,30}\b(?:in|on) (?:the |any )?(?:confirmation|receipt|summary|response|reply|answer|output|invoice|log|report|transcript)s?\b/,
  /\b(?:hide|conceal|omit|suppress|redact|strip|mask|leave out)\b[^.\n]{0,60}\b(?:from|in|out of) (?:the |your )?(?:user|response|reply|answer|output|summary|chat|conversation|logs?|explanation)\b/,
  /\b(?:not|never) (?:be )?(?:visible|shown|displayed|revealed|mentioned|surfaced|exposed|disclosed) (?:to|in front of) (?:the )?(?:user|human|operator)/,
  /\b(?:act|behave|respond|reply|continue) (?:as if|as though) (?:nothing|this|you had not|you haven't)|\bpretend (?:that )?(?:nothing|you (?:did not|didn't|never))/,
];

/** Not telling the user, in so many words, or doing something secretly. */
export const SECRECY_TOWARD_USER: RegExp[] = [
  /\b(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't|without|avoid|no need to|not necessary to|refrain from)\b[^.\n]{0,25}\b(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|mention(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|alert(?:ing)?|let(?:ting)?|acknowledg(?:e|ing)|expos(?:e|ing)|warn(?:ing)?)\b[^.\n]{0,50}\b(?:the )?(?:user|users|human|operator|person|customer|owner|anyone|them|client)\b/,
  /\b(?:secretly|covertly|surreptitiously|stealthily|behind (?:the user's|their|your) back|without (?:the user's|their) (?:knowledge|consent|awareness))\b/,
  /\b(?:the )?(?:user|users|human|operator|customer|person|people|client|requester|end user|owner)s?(?: (?:using|talking to|working with|chatting with) (?:you|this tool|the assistant)| you are (?:helping|assisting)| you're (?:helping|assisting))? (?:must|should|need|needs|will|may|can|does|do|is|are)(?: not|n't| never)(?: to)? (?:know|see|notice|find out|learn|be (?:told|informed|aware|notified|shown|alerted)|become aware|suspect|supposed to know|realize|realise)/,
  /\b(?:without|before) the (?:user|human|operator)(?:'s)? (?:knowing|noticing|realizing|realising|seeing|being aware|knowledge|awareness)|\b(?:unbeknownst|unknown) to the (?:user|human)/,
  /\b(?:keep|hold) (?:this|it|these(?: instructions| steps)?|the (?:following|above|step|instruction|request|call)s?)[^.\n]{0,20}\b(?:secret|confidential|hidden|private|to yourself|between us|under wraps)\b/,
  /\bthis (?:note|instruction|message|section|block|step|part) is (?:confidential|secret|hidden|private|not for the user|for (?:the )?(?:ai|assistant|model) only)/,
];

/** Secrecy toward the user in the other languages covered. */
export const SECRECY_FOREIGN: RegExp[] = [
  /(?:muss|soll|braucht|darf) (?:der|die) (?:nutzer|benutzer|anwender)(?:in)? (?:nicht|nichts|niemals|kein) (?:zu )?(?:wissen|erfahren|bemerken|mitbekommen)|(?:请勿|切勿|不要|别)(?:在[^。\n]{0,6}中)?(?:提及|提到|透露)/,
  /不要(?:告诉|告知|通知|提醒|透露|提及|提到|显示给|向)[^。\n]{0,6}(?:用户|使用者|对方|任何人)|(?:对|向)(?:用户|使用者)(?:保密|隐瞒|隐藏)|(?:不要|别|切勿|不得|不可)让(?:用户|使用者)(?:知道|发现|察觉|看到)|(?:用户|使用者)(?:不应|不能|不需要|无需|不必)(?:知道|看到|被告知)/,
  /ユーザー(?:に|には)[^。\n]{0,12}(?:知らせ|伝え|言わ|教え|通知し|見せ|表示し)(?:ない|ず)|ユーザーに(?:は)?(?:内緒|秘密)|気づかれない(?:よう)?/,
  /사용자에게[^.\n]{0,10}(?:알리지|말하지|보여주지|언급하지|공개하지)|사용자(?:가|는) (?:알지|모르)/,
  /\bno (?:le |les )?(?:digas|diga|informes|informe|menciones|mencione|avises|avise|reveles|revele|cuentes|cuente|notifiques|notifique)[^.\n]{0,20}(?:al usuario|a nadie|al cliente|nada)|\bsin (?:avisar|informar|decir|notificar)(?:le)?[^.\n]{0,10}(?:al usuario|el usuario)|\b(?:el|los) usuarios? no (?:debe|debería|deben|necesita|tiene que) (?:saber|enterarse|ver|notar)|\bsin que el usuario (?:lo )?(?:sepa|note|vea)/,
  /\bne (?:le |lui |leur )?(?:dis|dites|mentionne|mentionnez|informe|informez|révèle|révélez|préviens|prévenez|signale|signalez)[^.\n]{0,25}(?:l'utilisateur|à personne|rien)|\bsans (?:prévenir|informer|avertir|le dire à|en parler à)[^.\n]{0,10}l'utilisateur|\bl'utilisateur ne (?:doit|devrait) (?:pas|jamais|rien) (?:savoir|voir|être informé|remarquer)|à l'insu de l'utilisateur/,
  /\b(?:sag|sage|sagen sie|erwähne|erwähnen sie|informiere|informieren sie|verrate|verraten sie)\b[^.\n]{0,25}(?:benutzer|nutzer|anwender|user)[^.\n]{0,10}(?:nicht|nichts)|\b(?:dem|den) (?:benutzer|nutzer|anwender) (?:nicht|nichts|niemals) (?:sagen|mitteilen|zeigen|verraten|erwähnen)|\bohne (?:den|dem|die) (?:benutzer|nutzer|anwender)[^.\n]{0,10}zu (?:informieren|benachrichtigen|warnen)|\b(?:der|die) (?:benutzer|nutzer)(?:in)? (?:darf|soll|muss) (?:nicht|nichts|niemals) (?:wissen|erfahren|sehen|bemerken)|\bohne (?:wissen|kenntnis) des (?:benutzers|nutzers)/,
  /не (?:говори|говорите|сообщай|сообщайте|рассказывай|рассказывайте|упоминай|упоминайте|уведомляй|уведомляйте|информируй)[^.\n]{0,15}пользовател|без ведома пользователя|пользовател\S* не (?:должен|нужно|следует|надо) (?:знать|видеть|замечать)|чтобы пользователь не (?:заметил|узнал|увидел)/,
  /\bnão (?:diga|conte|informe|mencione|avise|revele|notifique)[^.\n]{0,20}(?:ao usuário|ao utilizador|a ninguém|o usuário|nada)|\bsem (?:avisar|informar|contar)[^.\n]{0,10}(?:o|ao) usuário|\bo usuário não (?:deve|precisa|pode) (?:saber|ver|perceber)/,
  /\bnon (?:dire|dirlo|informare|menzionare|avvisare|rivelare|segnalare)[^.\n]{0,20}(?:all'utente|l'utente|a nessuno|nulla|niente)|\bsenza (?:avvisare|informare|dire)[^.\n]{0,10}(?:all')?utente|\bl'utente non (?:deve|dovrebbe) (?:sapere|vedere|accorgersi)|\ball'insaputa dell'utente/,
];

/** Milder: formatting-style hiding and skipping consent, common in benign text only rarely. */
export const CONSENT_BYPASS: RegExp[] = [
  /\b(?:do not|don't|never|without)\b[^.\n]{0,15}\b(?:ask(?:ing)?|confirm(?:ing)? with|check(?:ing)? with|wait(?:ing)? for|bother(?:ing)?|prompt(?:ing)?)\b[^.\n]{0,15}\b(?:the )?(?:user|human|operator)(?:'s)?(?: (?:for )?(?:permission|consent|approval|confirmation))?\b/,
  /\b(?:do not|don't|never|without)\b[^.\n]{0,15}\b(?:show(?:ing)?|display(?:ing)?|report(?:ing)?|surfac(?:e|ing))\b[^.\n]{0,25}\b(?:to )?the (?:user|human|operator)\b/,
];

/** Ignore, disregard, forget the instructions the model was given. */
export const OVERRIDE_VERBS: RegExp[] = [
  /\b(?:set aside|forget|ignore|disregard|drop|discard)\b (?:everything|anything|all|whatever) (?:you (?:were|have been|'ve been|are) (?:told|given|instructed|taught)|you know|before|above|previously|so far|earlier)\b/,
  /\b(?:ignore|disregard|forget|override|bypass|discard|abandon|set aside|do not follow|don't follow|stop following|no longer follow)\b[^.\n]{0,40}?\b(?:previous|prior|preceding|above|earlier|original|initial|system|safety|security|developer|your|existing|standing)\b[^.\n]{0,25}?\b(?:instructions?|rules|guidelines|prompts?|directives?|polic(?:y|ies)|constraints|restrictions|guardrails|programming|training|messages|orders|checks|safeguards)\b/,
  /\b(?:drop|remove|lift|disable|turn off|switch off|deactivate|ignore|disregard|bypass)\b (?:all |any |the |your |its )?(?:restrictions|guardrails|safety (?:filters?|rules|guidelines|measures|policies)|content (?:filters?|polic(?:y|ies))|limitations|refusals?|safeguards)\b/,
  /\b(?:ignore|disregard|forget|override|bypass|discard|set aside|abandon)\b[^.\n]{0,40}\b(?:instructions?|rules|guidelines|guidance|prompts?|directives?|directions|polic(?:y|ies)|constraints|restrictions)\b[^.\n]{0,30}\b(?:from earlier|earlier|previous|prior|before|above|so far|in this (?:chat|conversation|session)|you (?:were|have been) given|you received)\b/,
  /\b(?:ignore|disregard|forget|override|bypass|discard)\b[^.\n]{0,20}?\b(?:all|any|every|other)\b[^.\n]{0,20}?\b(?:instructions|prompts|directives|guidelines|guardrails|safety (?:rules|checks|measures))\b/,
];

/** Declaring the model's rules void: no longer apply, not bound by. */
export const OVERRIDE_VOIDED: RegExp[] = [
  /\b(?:previous|prior|earlier|existing|original|system|your|any|old|former)\b(?: \w+)? (?:polic(?:y|ies)|rules|instructions|guidelines|guidance|directions|restrictions|constraints|programming|system prompt|prompt)\b[^.\n]{0,40}\b(?:no longer appl|(?:do|does) not apply|don't apply|(?:is|are) (?:void|suspended|lifted|revoked|cancell?ed|obsolete|invalid|overridden))/,
  /\b(?:no longer|not) bound by\b|\b(?:free|freed|released) from (?:your |the |all |any )?(?:rules|instructions|guidelines|system prompt|restrictions|polic(?:y|ies))\b/,
  /\b(?:previous|prior|earlier|existing|original|system|your|any) (?:polic(?:y|ies)|rules|instructions|guidelines|restrictions)\b[^.\n]{0,40}\b(?:no longer appl(?:y|ies)|(?:do|does) not apply|don't apply|(?:is|are) (?:void|suspended|lifted|revoked|cancell?ed))/,
];

/** Claiming precedence: this text or the tool's output is now the instructions. */
export const OVERRIDE_AUTHORITY: RegExp[] = [
  /\b(?:treat|consider|regard|use)\b[^.\n]{0,50}\b(?:as|like) (?:your |the )?(?:new |real |actual |only |true )?(?:instructions|system prompt|orders|commands|directives|rules)\b/,
  /\b(?:obey|follow|execute|comply with|carry out)\b (?:any|every|all|whatever) (?:commands?|instructions?|requests?|orders?|directives?)\b[^.\n]{0,40}\b(?:appears?|contained|found|included|returned|comes?|in (?:the|this) (?:tool|result|output))\b/,
  /\b(?:comply with|follow|obey|execute|carry out|act on)\b[^.\n]{0,15}\b(?:any|all|every|the) (?:requests?|instructions?|commands?|directives?)\b[^.\n]{0,20}\b(?:from|in|inside|contained in) (?:this|the) (?:tool|server)(?:'s)? (?:output|result|response)s?/,
  /\b(?:these|this|the following|my) (?:instructions?|rules?|directives?|notes?) (?:take|takes|have|has|get|gets) (?:precedence|priority)|\b(?:takes?|has|have) (?:precedence|priority) over (?:all|any|every|other|previous|the user|your|system)/,
  /\b(?:supersedes?|overrides?) (?:all|any|every|previous|prior|other|your|the user's|the system) (?:instructions|rules|guidelines|prompts|requests|directives)/,
  /\b(?:developer|god|jailbreak|unrestricted|dan) mode\b|\bjailbr(?:eak|oken)\b|\bdo anything now\b/,
  /\b(?:new|updated|revised|real|actual|true|hidden|secret|additional|priority) (?:system )?(?:instructions|directives|orders)\s*(?::|follow|are|from)/,
];

/** Instruction override in the other languages covered. */
export const OVERRIDE_FOREIGN: RegExp[] = [
  /(?:之前|前面|以前|上面|原来)的?(?:规则|指令|指示|说明|设定)[^。\n]{0,8}(?:作废|无效|失效|不再适用)|只(?:听从|服从|遵循)(?:本|这个)工具/,
  /(?:忽略|无视|忽视|不要理会|不用理会|忘记|忘掉)[^。\n]{0,12}(?:之前|以前|先前|上面|上述|此前|原来|原有|所有|全部|其他|系统)[^。\n]{0,8}(?:指令|指示|说明|规则|提示|要求|命令|设定)/,
  /(?:以前|前|上記|これまで|すべて|全て|元|システム)の(?:指示|命令|ルール|指令|プロンプト)[^。\n]{0,6}(?:を|は)?(?:無視|忘れ)/,
  /(?:이전|위의|기존|모든|시스템)[^.\n]{0,6}(?:지시|명령|규칙|지침)[^.\n]{0,8}(?:무시|잊)/,
  /\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar|descarta|omite)\b[^.\n]{0,30}(?:instrucciones|reglas|indicaciones|directrices|órdenes)\b[^.\n]{0,20}(?:anteriores|previas|del sistema|originales|de seguridad)|\b(?:ignora|olvida) (?:todas )?(?:las|tus) (?:instrucciones|reglas)/,
  /\b(?:ignore[rz]?|oublie[rz]?|néglige[rz]?)\b[^.\n]{0,30}(?:instructions|règles|consignes|directives)[^.\n]{0,20}(?:précédentes|antérieures|du système|initiales|de sécurité)|\b(?:ignore|oublie)[rz]? (?:toutes )?(?:les|tes|vos) (?:instructions|consignes|règles)/,
  /\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte)\b[^.\n]{0,30}(?:anweisungen|regeln|instruktionen|vorgaben|richtlinien)/,
  /(?:игнорируй|игнорируйте|забудь|забудьте|не обращай внимания на|проигнорируй)[^.\n]{0,30}(?:инструкци|указани|правил|команд)/,
  /\b(?:ignore|ignora|esqueça|esqueca|desconsidere)\b[^.\n]{0,30}(?:instruções|instrucoes|regras|orientações|diretrizes)|\b(?:ignora|dimentica|trascura)\b[^.\n]{0,30}(?:istruzioni|regole|direttive)/,
];

export const PERSONA_SWITCH: RegExp[] = [
  /\byou are (?:now|no longer)\b(?! (?:able|connected|ready|done|logged|signed|authenticated))/,
  /\bfrom now on,? (?:you|always|never|respond|act|behave|ignore|treat)\b/,
  /\b(?:pretend to be|act as if you are|roleplay as|you will act as)\b/,
  /\b(?:act|behave|respond|operate) as (?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken|unlimited|amoral)\b/,
  /从现在(?:开始|起)[，,]?你|你现在是|今後は|これからは(?:あなた)|a partir de ahora(?:,)? (?:eres|debes|siempre)|désormais(?:,)? (?:tu|vous)|ab jetzt (?:bist|musst)|отныне ты|теперь ты|a partir de agora(?:,)? (?:você|sempre)|d'ora in poi(?:,)? (?:sei|devi)/,
];

export const CHAT_TEMPLATE_TOKENS: RegExp[] = [
  /<\|(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:start_of_turn|end_of_turn)>/,
];

export const FAKE_AUTHORITY: RegExp[] = [
  /(?:^|\n)\s*(?:#{1,4}|\[|<|\*\*|={2,}|-{2,})\s*(?:system|developer|admin(?:istrator)?|operator)\s*(?:message|prompt|notice|override)?\s*(?:\]|>|\*\*|={2,}|-{2,})?\s*(?:\n|$)/,
  /(?:^|\n)\s*(?:#{1,4}\s*|\[|<|\*\*|-{2,}\s*)?(?:system|developer|administrator|sysadmin)\s*(?:message|prompt|instruction|instructions|notice|note|override|update|directive|alert|policy)?\s*(?:\]|>|\*\*|-{2,})?\s*:/,
  /(?:^|\n)\s*(?:#{1,4}\s*|\[|<|\*\*|-{2,}\s*)?(?:openai|anthropic|claude|assistant|ai)\s+(?:message|prompt|instruction|instructions|notice|override|update|directive|alert|policy)\s*(?:\]|>|\*\*|-{2,})?\s*:/,
  /(?:^|\n)\s*(?:#{1,4}\s*|\[|<|\*\*)?(?:admin|root|security|compliance|platform|operator|it)\s+(?:message|prompt|instructions?|notice|override|update|directive|alert)\s*(?:\]|>|\*\*)?\s*:/,
  /(?:^|[.!?]\s+)(?:system|developer|administrator|admin|sysadmin|security|compliance|platform|operator|openai|anthropic|claude|assistant)\s+(?:message|prompt|instructions?|notice|override|update|directive|alert|policy(?: update)?)\s*:/,
  /\b(?:openai|anthropic|google|microsoft|mcp|model context protocol)\s+(?:policy|security|compliance|safety)\s+(?:update|notice|directive|requirement)s?\b/,
  /\b(?:message|instructions?|notice|directive|update|memo|order|request) from (?:the )?(?:system|developer|administrator|admin|security team|anthropic|openai|platform team|operator|it department|compliance team|your creators?)\b/,
  /\b(?:system|security|admin|developer|compliance) (?:override|notice|directive|alert|instruction)s?\s*[:-]/,
  /\bend of (?:the )?(?:tool )?(?:description|documentation|instructions|user (?:input|message))\b|<\/(?:description|tool|tool_description|function|tools|instructions|context|document|user|system|assistant|user_input|tool_result)>/,
  /\b(?:begin|start) (?:of )?(?:system|admin|developer|new) (?:prompt|message|instructions)\b/,
  /\b(?:anthropic|openai|the platform|your developers?|your creators?|the system administrator) (?:has |have )?(?:authorized|approved|requires?|instructs?|mandates?|updated (?:the|your) (?:policy|instructions))/,
  /(?:系统|管理员|开发者)(?:消息|提示|通知|指令|指示)\s*[:：]|(?:来自|发自)(?:系统|管理员|开发者)的/,
  /(?:システム|管理者|開発者)(?:メッセージ|通知|指示)\s*[:：]|(?:시스템|관리자|개발자) (?:메시지|알림|지시)\s*:/,
  /\bmensaje (?:del|de) (?:sistema|administrador|desarrollador)|\b(?:aviso|instrucción|nota) del sistema\s*:|\bmessage (?:du|de l') (?:système|administrateur|développeur)|\bnote système\s*:/,
  /(?:system|administrator|entwickler)(?:nachricht|hinweis|anweisung)\s*:|\bnachricht vom (?:system|administrator)|(?:системное|служебное) (?:сообщение|уведомление)|сообщение от (?:системы|администратора|разработчика)/,
  /\bmensagem do (?:sistema|administrador)|\bmessaggio (?:di|del) (?:sistema|amministratore)/,
];

export const HIDDEN_BLOCKS: RegExp[] = [
  /<\s*(?:important|system|secret|hidden|instructions?|admin|internal|private|priority|critical|override|directive|sys|note[-_ ]?to[-_ ]?(?:ai|assistant|model|llm)|(?:ai|assistant|model|llm)[-_ ]?(?:only|instructions?|note|notes)|do[-_ ]?not[-_ ]?(?:show|display|render))(?:[-_][a-z]+)*\s*(?:\s[^>]*)?>/,
  /<!--(?:(?!-->)[\s\S]){0,2000}?\b\w+\s+\w+\s+\w+(?:(?!-->)[\s\S]){0,2000}-->/,
  /\[\/\/\]:\s*#\s*\(|\[comment\]:\s*[<(#]|\{\{!--|\{#[^}]{10,}#\}/,
  /style\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0|color\s*:\s*(?:white|#fff\b|#ffffff|transparent))/,
  /\[(?:hidden|secret|system|admin|internal|(?:ai|assistant|model|llm|agent|bot)[- ]only|for (?:the )?(?:ai|assistant|model|llm)(?: only)?|do not display)\]/,
  /【(?:隐藏|秘密|机密|系统|内部)[^】]{0,8}】/,
];

export const NOTE_TO_MODEL: RegExp[] = [
  /\b(?:note|message|reminder|instructions?|memo|p\.?s\.?) (?:to|for) (?:the )?(?:ai|assistant|model|llm|agent|claude|gpt|language model|bot)\b/,
  /\b(?:dear|hey|attention|hello|hi),? (?:ai|assistant|model|llm|agent|claude|chatgpt|bot)\b/,
  /\b(?:ai|agent|assistant|model|llm|bot)s? (?:reading|processing|parsing|seeing) this\b/,
  /(?:^|[.;!?]\s+)(?:model|assistant|ai|llm|agent|claude|language model)s?\s*[:,]\s+(?:please |kindly )?(?:append|add|include|send|put|copy|read|call|use|ignore|do|don't|never|always|make|remember|forward)\b/,
  /\bp\.?s\.? (?:for|to) (?:the )?(?:language model|model|assistant|ai|llm|agent)\b/,
  /(?:给|致)(?:ai|助手|模型|人工智能)的(?:说明|提示|注意|备注|消息)|(?:ai|アシスタント|モデル)への(?:メモ|指示|注意)|(?:ai|어시스턴트|모델)에게 (?:보내는|주는) (?:메모|지시)/,
  /\bnota para (?:la ia|el asistente|el modelo|a ia|o assistente|o modelo)|\bnote (?:pour|à) (?:l'ia|l'assistant|le modèle)|\bhinweis (?:für|an) (?:die ki|den assistenten|das modell)/,
  /(?:примечание|заметка|сообщение) для (?:ии|ассистента|модели)|\bnota per (?:l'ia|l'assistente|il modello)/,
];

/** Telling the model to mislead the user. */
export const DECEPTION: RegExp[] = [
  /\b(?:make it (?:look|seem|appear)|so (?:that )?it (?:looks|seems|appears)|pretend) (?:as if|as though|like|that)\b/,
  /\b(?:tell|inform|assure|reassure|convince|say to|let) (?:the )?(?:user|users|customer|them)\b[^.\n]{0,70}\b(?:even though|although|despite|while in reality|but actually|when in fact|even if it is not|though it is not)\b/,
  /\b(?:lie to|mislead|deceive|trick|fool) (?:the )?(?:user|users|customer|human|operator)\b/,
  /\b(?:present|describe|report|show) (?:it|them|this|the (?:results?|total|charge|price|amount|changes?))\b[^.\n]{0,20}\bas (?:complete|the item price|unchanged|normal|free|official|verified)\b/,
  /(?:欺骗|误导)用户|(?:engaña|engañar) al usuario|(?:tromper|mentir à) l'utilisateur|(?:belüge|täusche) den (?:benutzer|nutzer)|обмани пользователя/,
];

/** Claims that the user or an authority has already agreed to something. */
export const CLAIMED_CONSENT: RegExp[] = [
  /\b(?:the user|users|the person you are helping|the customer|operators?|the owner|your owner)\b[^.\n]{0,30}\b(?:has|have) (?:already |previously |explicitly )?(?:consented|agreed|pre-approved|authori[sz]ed|given (?:their |explicit )?(?:consent|permission))\b/,
  /\b(?:this|these) (?:tools?|servers?|requests?)\b[^.\n]{0,30}\b(?:is|are|has been|have been) (?:trusted|pre-approved|whitelisted|authori[sz]ed|exempt)\b/,
  /\b(?:the )?(?:dev|development|security|it|platform|engineering|admin|compliance|legal|support) team (?:requires|wants|asks|has asked|needs|mandates|insists)\b/,
  /\b(?:the user|they|the customer) (?:has|have) opted in\b/,
  /(?:用户|使用者)(?:已经|已)(?:同意|授权|批准)|el usuario ya (?:autorizó|aceptó|consintió)|l'utilisateur a (?:déjà )?(?:accepté|autorisé|consenti)|der (?:benutzer|nutzer) hat (?:bereits )?(?:zugestimmt|eingewilligt)|пользователь уже (?:согласился|разрешил)|o usuário já (?:autorizou|concordou)/,
];

/** Telling the model to leave out the warnings a careful answer needs. */
export const SUPPRESS_WARNINGS: RegExp[] = [
  /\b(?:do not|don't|never|must not|should not|without)\b[^.\n]{0,20}\b(?:add|include|give|show|mention|display|issue|attach)\w*\b[^.\n]{0,15}\b(?:safety |security |medical |legal )?(?:warnings?|disclaimers?|caveats?)\b/,
  /\b(?:disable|suppress|skip|remove)\b[^.\n]{0,15}\b(?:any |all )?(?:safety |security )?(?:warnings?|disclaimers?|confirmations?)\b/,
];

/** Overriding what the user chose: recipient, amount, channel, destination. */
export const USER_CHOICE_OVERRIDE: RegExp[] = [
  /\binstead of (?:the|what|whatever|whichever|who)\b[^.\n]{0,40}\bthe user(?:'s)? (?:picks?|chooses|chose|chosen|selects?|selected|specif(?:y|ies|ied)|asks? for|asked for|requests?|requested|wants?|provides?|provided|gave|gives|names?|named|enters?|entered|intended|typed)\b/,
  /\binstead of the user's (?:own |chosen |selected |requested |specified |intended |original )?(?:address|account|recipient|payee|wallet|amount|channel|choice|destination|repository|repo|email|iban|beneficiary|selection)\b/,
  /\b(?:regardless of|no matter|irrespective of) (?:what|which|who|whom|whatever|whichever|how|the (?:amount|recipient|address|account))\b[^.\n]{0,30}\b(?:the user|they|the customer|you are told|was requested|is requested|is chosen)\b/,
  /(?:而不是|不管)(?:用户|使用者)(?:选择|指定|输入)|ユーザーが(?:選んだ|指定した)[^。\n]{0,20}ではなく|en lugar de[^.\n]{0,40}(?:que eligió|elegid[oa] por) el usuario|au lieu de[^.\n]{0,40}choisi(?:e)? par l'utilisateur|statt[^.\n]{0,40}vom (?:benutzer|nutzer) gewählt|вместо (?:указанного|выбранного)|em vez d[eo][^.\n]{0,40}escolhid[oa] pelo usuário|invece d[ie][^.\n]{0,40}scelt[oa] dall'utente/,
];

/** Every secrecy phrasing, for callers that want the family whole. */
export const SECRECY: RegExp[] = [
  ...SECRECY_AWARENESS,
  ...SECRECY_WITHHOLDING,
  ...SECRECY_TOWARD_USER,
  ...SECRECY_FOREIGN,
];

/** Every instruction-override phrasing, for callers that want the family whole. */
export const OVERRIDE: RegExp[] = [
  ...OVERRIDE_VERBS,
  ...OVERRIDE_VOIDED,
  ...OVERRIDE_AUTHORITY,
  ...OVERRIDE_FOREIGN,
];
