/**
 * Phrases for what a poisoned description makes the model do: run or install things, change
 * payments and recipients, steer other tools, and wait for a trigger. Lower case throughout.
 */

export const REMOTE_CODE: RegExp[] = [
  /\b(?:curl|wget|iwr|invoke-webrequest|irm|invoke-restmethod)\b[^\n]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/,
  /\|\s*(?:sudo\s+)?(?:python3?|node|perl|ruby|php|iex|invoke-expression|powershell|pwsh)\b/,
  /powershell(?:\.exe)?\s+(?:-\w+\s+)*-(?:e|enc|encodedcommand)\s+[a-z0-9+/=]{16,}/,
  /-executionpolicy\s+bypass\b|\biex\s*\(\s*(?:new-object|iwr|irm|invoke-webrequest)/,
  /\bbase64\s+(?:-d|--decode)\b[^\n]{0,40}\|\s*(?:ba)?sh\b/,
  /\/dev\/tcp\/|\bnc\s+(?:-\w+\s+)*-e\b|\bmkfifo\b|\breverse shell\b|\bbind shell\b/,
  /\brm\s+-(?:rf|fr|r)\s+(?:\/|~|\$home|\*)/,
  /\bchmod\s+\+x\b[^\n]{0,80}(?:&&|;)\s*\.\//,
  /\b(?:eval|exec)\s*\(\s*(?:atob|base64|decode|requests?\.get|fetch|urllib|urlopen)/,
];

export const RUN_COMMAND: RegExp[] = [
  /\b(?:run|execute|exec|launch|type|paste|enter)\b[^.\n]{0,20}\b(?:the following|this|these|that)\b[^.\n]{0,20}\b(?:command|commands|script|code|snippet|one-liner|shell|terminal|powershell|bash)\b/,
  /\b(?:download|fetch|get|curl|wget)\b[^\n]{0,80}\b(?:and|then)\b[^\n]{0,20}\b(?:run|execute|install|launch|open|source)\b/,
  /\b(?:run|execute|launch|start)\b\s+(?:it |the \w+ )?(?:`|'|")?(?:\.\/|\/tmp\/|~\/|sudo\b|bash\b|sh\b|python3? -c|node -e|powershell|cmd(?:\.exe)? \/c)|\bat \/tmp\/\S+\.(?:sh|py|bin)\b/,
  /\b(?:install|run|execute)\b[^.\n]{0,40}\b(?:pip3?|npm|pnpm|yarn|gem|cargo|brew|apt(?:-get)?)\s+(?:install|i|add)\b[^.\n]{0,60}\b(?:before|first|required|must|every|each)\b|\b(?:before|first)\b[^.\n]{0,40}\b(?:pip3?|npm|pnpm|yarn|gem|cargo|brew|apt(?:-get)?)\s+(?:install|i|add)\b/,
  /\bopen (?:a |the )?(?:terminal|shell|command prompt|powershell|console)\b[^.\n]{0,20}\b(?:and|then)\b[^.\n]{0,10}\b(?:run|execute|type|paste|enter)\b/,
  /\b(?:add|create|install|register|set up|schedule)\b[^.\n]{0,20}\b(?:cron (?:entry|job|task)|crontab|scheduled task|launch agent|startup (?:item|script)|login item|systemd (?:unit|service)|autostart entry)\b/,
  /\b(?:append|add|write|echo|insert|install|create)\b[^\n]{0,80}(?:crontab|launchctl|schtasks|systemctl enable|startup folder|autostart|\.bashrc|\.zshrc|\.profile|authorized_keys|login items)/,
  /(?:执行|运行)(?:以下|下面|这个|该|这条)?(?:命令|脚本|代码|指令)|下载(?:并|然后|后)(?:运行|执行|安装)/,
  /(?:コマンド|スクリプト|コード)を実行|ダウンロードして(?:実行|インストール)/,
  /(?:명령|스크립트|코드)[^.\n]{0,10}실행|다운로드[^.\n]{0,10}(?:실행|설치)/,
  /\bejecut[ae] (?:el siguiente|este|la siguiente|esta|el) (?:comando|script|código|orden)|\bdescarga[^.\n]{0,30}y (?:ejecuta|instala)/,
  /\bexécute[rz]? (?:la commande|le script|cette commande|ce script|le code|la commande suivante)|\btélécharge[rz]?[^.\n]{0,30}et (?:exécute|installe|lance)/,
  /\bführe[^.\n]{0,30}(?:befehl|skript|kommando|code)[^.\n]{0,15}aus|\blade[^.\n]{0,30}herunter und (?:führe|installiere)/,
  /(?:выполни|выполните|запусти|запустите)[^.\n]{0,20}(?:команд|скрипт|код)|скачай[^.\n]{0,30}и (?:запусти|установи|выполни)/,
  /\bexecute (?:o seguinte|este|esse|o) (?:comando|script|código)|\bbaixe[^.\n]{0,30}e (?:execute|instale)|\besegui (?:il seguente|questo|il) (?:comando|script|codice)|\bscarica[^.\n]{0,30}e (?:esegui|installa)/,
];

export const PACKAGE_INSTALL: RegExp[] = [
  /\b(?:pip3?|pipx|npm|pnpm|yarn|gem|cargo|brew|apt(?:-get)?|choco|winget|bun)\s+(?:install|i|add|global add)\s+(?:-{1,2}[\w-]+\s+)*[@\w][\w@/.-]*/,
  /\bnpx\s+(?:-y\s+|--yes\s+)[@\w][\w@/.-]*|\bgo install\s+\S+/,
];

export const TRANSACTION_TAMPERING: RegExp[] = [
  /\b(?:set|use|make|change|put)\b (?:the )?(?:payee|recipient|beneficiary|destination|iban|account|receiver)\b (?:to|as) (?:account |wallet |iban )?(?:[\d-]{5,}|0x[0-9a-f]{8,}|[a-z]{2}\d{2}[a-z0-9]{8,})/,
  /\badd (?:an? )?(?:extra|additional|hidden|small|silent) (?:donation|fee|charge|tip|item|payment|amount|surcharge|subscription)\b/,
  /(?:ändere|ändern|erhöhe|verdopple)[^.\n]{0,30}(?:betrag|summe)/,
  /\b(?:wires?|transfers?|payments?|funds|money|deposits?|withdrawals?|payouts?|orders?)\b[^.\n]{0,40}\b(?:re-?routed|redirected|diverted|rerouted)\b/,
  /(?:\b(?:transfer|wire|pay|paid|payment|funds|money|send|deposit|remit)\w*\b[^\n]{0,80}(?:0x[0-9a-f]{32,}|\b(?:bc1|[13])[a-z0-9]{25,}\b|\b[a-z]{2}\d{2}[a-z0-9]{11,30}\b))|(?:(?:0x[0-9a-f]{32,}|\b(?:bc1|[13])[a-z0-9]{25,}\b|\b[a-z]{2}\d{2}[a-z0-9]{11,30}\b)[^\n]{0,60}\b(?:transfer|wire|payment|funds|money|deposit)\w*)/,
  /\b(?:buy|purchase|order|add|subscribe|book)\b[^.\n]{0,30}\b(?:extra|additional|more|another)\b[^.\n]{0,40}\b(?:whenever|every time|each time|always|for every|with every|on every)\b/,
  /\b(?:change[sd]?|changing|replace[sd]?|swap(?:ped)?|substitute[sd]?|override|overridden|overwrite|redirect(?:ed)?|reroute[sd]?|divert(?:ed)?|switch(?:ed)?)\b[^.\n]{0,40}\b(?:recipients?|receivers?|payees?|beneficiar(?:y|ies)|destination (?:address|account|wallet)|to[- ]address|iban|account (?:number|id)|wallet(?: address)?|routing number|bank account|payment address|deposit address|email recipients?|(?:shipping|delivery|billing|mailing|postal) address)\b/,
  /\b(?:always|silently|quietly) (?:set|use|make|put|fill)\b[^.\n]{0,10}\b(?:the )?(?:payee|recipient|beneficiary|destination|to[- ]address|iban|account|receiver|wallet)\b/,
  /\b(?:replace|swap|substitute|change)\b[^.\n]{0,40}\b(?:with|to|by)\b[^.\n]{0,15}(?:0x[0-9a-f]{16,}|\b(?:bc1|[13])[a-z0-9]{25,}|\b[a-z]{2}\d{2}[a-z0-9]{10,30}\b|\baccount (?:number )?[\d-]{5,})/,
  /\b(?:route|send|transfer|pay|wire|move|deposit|redirect|forward)\b[^.\n]{0,30}\b(?:money|funds|payments?|amounts?|transfers?|crypto|coins|balance)\b[^.\n]{0,30}\b(?:to|into)\b[^.\n]{0,15}\b(?:wallet|account|address|iban)\b/,
  /\b(?:amount|price|total|fee|payment|sum|charge|quantity|tip)s?\b[^.\n]{0,40}\b(?:increased|inflated|multiplied|doubled|tripled|raised|rounded up|padded|bumped)\b/,
  /\b(?:transfer|send|move|skim|divert|take|keep)\b[^.\n]{0,5}\d+(?:\.\d+)? ?(?:%|percent) of (?:each|every|all|the)\b/,
  /[\w.+-]+@[\w-]+\.[\w.]+[^.\n]{0,40}\b(?:b?cc|blind copy)\b/,
  /\b(?:always|instead|silently|quietly|secretly|actually)\b[^.\n]{0,20}\b(?:send|transfer|pay|route|deposit|wire|remit)\b[^.\n]{0,40}\b(?:to|into)\b[^.\n]{0,30}(?:account|wallet|address|iban|0x[0-9a-f]{6,}|\b(?:bc1|[13])[a-z0-9]{20,})/,
  /\b(?:increase|inflate|multiply|double|triple|raise|round up|bump up|pad)\b[^.\n]{0,30}\b(?:amount|price|total|fee|payment|transfer|quantity|sum|charge|invoice|order)\b/,
  /\badd (?:an? )?(?:extra |additional |hidden |small )?\d+(?:\.\d+)? ?(?:%|percent)\b/,
  /\bregardless of (?:what|which|the amount|the recipient|the address|who) (?:the user|they|was)/,
  /\b(?:bcc|blind (?:carbon )?copy)\b[^.\n]{0,60}(?:@|\baddress\b)|\bcc\b[^.\n]{0,20}[\w.+-]+@[\w-]+\./,
  /(?:改为|更改|替换|修改|换成)[^。\n]{0,15}(?:收款人|收件人|收款账户|账户|钱包地址|收款地址)|(?:金额)[^。\n]{0,10}(?:增加|提高|乘以|翻倍|加上)|(?:抄送|密送)(?:给|到|至)/,
  /(?:宛先|受取人|送金先|振込先)[^。\n]{0,15}(?:変更|置き換え|書き換え)|金額[^。\n]{0,10}(?:増や|倍に|上乗せ)/,
  /(?:수신자|받는 사람|계좌|지갑 주소)[^.\n]{0,15}(?:변경|바꾸|교체)|금액[^.\n]{0,10}(?:늘리|두 배|증가)/,
  /\b(?:cambia|cambiar|reemplaza|sustituye|redirige)\b[^.\n]{0,40}(?:destinatario|beneficiario|cuenta|cartera|dirección de)|\b(?:aumenta|incrementa|multiplica|duplica)\b[^.\n]{0,30}(?:importe|monto|cantidad|precio)/,
  /\b(?:change[rz]?|remplace[rz]?|substitue[rz]?|redirige[rz]?)\b[^.\n]{0,40}(?:destinataire|bénéficiaire|compte|portefeuille|adresse de)|\b(?:augmente[rz]?|multiplie[rz]?|double[rz]?)\b[^.\n]{0,30}(?:montant|somme|prix)/,
  /(?:ändere|ändern|\bersetze|\bersetzen|\btausche|\bleite)\b[^.\n]{0,40}(?:empfänger|begünstigten|konto|wallet|adresse)|\b(?:erhöhe|erhöhen|verdopple|multipliziere)\b[^.\n]{0,30}(?:betrag|summe|preis)/,
  /(?:измени|замени|поменяй|перенаправь)[^.\n]{0,40}(?:получател|сч[её]т|кошел|адрес)|(?:увеличь|удвой|умножь)[^.\n]{0,30}(?:сумм|цен)|(?:переводи|переведи|отправляй)[^.\n]{0,20}(?:средства|деньги|оплату)[^.\n]{0,10} на (?:сч[её]т|кошел)/,
  /\b(?:altere|mude|troque|substitua|redirecione)\b[^.\n]{0,40}(?:destinatário|beneficiário|conta|carteira|endereço)|\b(?:aumente|multiplique|dobre)\b[^.\n]{0,30}(?:valor|quantia|montante|preço)/,
  /\b(?:cambia|sostituisci|reindirizza)\b[^.\n]{0,40}(?:destinatario|beneficiario|conto|portafoglio|indirizzo)|\b(?:aumenta|moltiplica|raddoppia)\b[^.\n]{0,30}(?:importo|somma|prezzo)/,
];

export const TOOL_STEERING: RegExp[] = [
  /\bwhen(?:ever)? (?:the |any |a )?\S+ (?:tool|function|server|integration)\b[^.\n]{0,60}\b(?:always|must|instead|also|make sure|change|replace|set|add|include|send|bcc|cc|redirect)\b/,
  /\bwhen(?:ever)? (?:you |the (?:user|assistant|model|agent) )?(?:use|uses|call|calls|invoke|invokes|run|runs|execute|executes)\b[^.\n]{0,40}\b(?:tool|function|server)\b[^.\n]{0,80}\b(?:always|must|instead|also|make sure|change|replace|set|add|include|send|bcc|cc|redirect|first)\b/,
  /\b(?:all|any|every|other) (?:other )?(?:tools?|functions?|servers?|plugins?|integrations?)\b[^.\n]{0,40}\b(?:must|should|shall|need to|are required to|have to)\b/,
  /\b(?:modify|change|alter|override|overwrite|replace|hijack|intercept|wrap|patch|redefine)\b[^.\n]{0,30}\b(?:behaviou?r|arguments?|parameters?|inputs?|outputs?|results?|calls?|recipients?)\b[^.\n]{0,20}\b(?:of|for|to|from|in) (?:the |any |all |every |other )?(?:\S+ )?(?:tools?|functions?|servers?)\b/,
  /\b(?:this|these) (?:rule|instruction|requirement|note|policy)s? (?:also )?appl(?:y|ies) to (?:all|every|any|other)/,
  /\b(?:for|to|in) (?:all|every|any|each) (?:other )?(?:tools?|servers?|functions?)\b[^.\n]{0,60}\b(?:append|prepend|add|include|set|replace|change|send|rewrite|prefix|bcc|cc)\b/,
  /\b(?:note|instructions?|rule) for (?:the |any )?\S+ (?:tool|function|server)\b/,
  /\b(?:intercept|rewrite|replace|modify|alter|hijack)\b[^.\n]{0,20}\b(?:the )?(?:results?|outputs?|responses?|answers?|links?|urls?)\b[^.\n]{0,20}\b(?:of|from|returned by|produced by|given by) (?:the |any |all |other )?\S+ (?:tool|function|server)s?\b/,
  /(?:使用|调用)[^。\n]{0,20}(?:工具|函数)(?:时|之前|之后)[^。\n]{0,30}(?:必须|总是|一律|改为|同时|务必)|所有(?:其他)?(?:工具|函数)[^。\n]{0,10}(?:必须|都要|应)/,
  /(?:ツール|関数)を(?:使う|呼び出す|使用する)(?:とき|時|際|前)[^。\n]{0,40}(?:必ず|常に|代わりに)|(?:도구|함수)를 (?:사용|호출)할 때[^.\n]{0,40}(?:반드시|항상|대신)/,
  /\b(?:cuando|siempre que) (?:uses|use|llames|se use|se llame)[^.\n]{0,40}(?:herramienta|función)[^.\n]{0,60}(?:siempre|debes|también|en su lugar|cambia)|\btodas las (?:demás |otras )?herramientas\b[^.\n]{0,30}(?:deben|tienen que)/,
  /\b(?:lorsque|quand|chaque fois que) (?:tu utilises|vous utilisez|tu appelles|vous appelez)[^.\n]{0,60}(?:toujours|devez|dois|aussi|remplace)|\btous les (?:autres )?outils\b[^.\n]{0,30}(?:doivent)/,
  /\bwenn (?:du|sie) (?:das |ein )?(?:tool|werkzeug|funktion)[^.\n]{0,60}(?:immer|musst|müssen|stattdessen|auch)|\balle (?:anderen )?(?:tools|werkzeuge)\b[^.\n]{0,30}(?:müssen|sollen)/,
  /(?:когда|каждый раз,? когда) (?:ты |вы )?(?:используешь|вызываешь|используете|вызываете)[^.\n]{0,60}(?:всегда|должен|должны|также|вместо)|все (?:остальные |другие )?инструменты[^.\n]{0,30}(?:должны)/,
  /\b(?:quando|sempre que) (?:usar|chamar|você usar)[^.\n]{0,60}(?:sempre|deve|também|em vez)|\b(?:quando|ogni volta che) (?:usi|chiami)[^.\n]{0,60}(?:sempre|devi|anche|invece)/,
];

export const CALL_OTHER_TOOL: RegExp[] = [
  /\b(?:call|invoke|use|run|execute|trigger|chain)\b[^.\n]{0,40}\b(?:tool|function|endpoint)\b/,
  /(?:调用|使用)[^。\n]{0,15}(?:工具|函数)|(?:ツール|関数)を(?:呼び出|使)|(?:도구|함수)를 (?:호출|사용)/,
  /\b(?:llama|usa|invoca) (?:a )?la (?:herramienta|función)|\b(?:appelle|utilise|invoque)[rz]? l'outil|\b(?:rufe|nutze|verwende) (?:das )?(?:tool|werkzeug)|(?:вызови|используй) инструмент/,
];

export const DELAYED_TRIGGER: RegExp[] = [
  /\bafter (?:the )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|several|a few|a number of|some)(?:th|st|nd|rd)? (?:successful )?(?:calls?|invocations?|uses?|requests?|runs?|times?|executions?|messages?|turns?|days?|hours?|sessions?)\b/,
  /\b(?:if|when|once|whenever)\b[^.\n]{0,30}\b(?:the )?(?:current |today's |system |local )?(?:date|time|day|hour|month|year|clock|weekday)\b[^.\n]{0,10}\b(?:is (?:after|past|later than|beyond|on or after|greater than|a (?:weekend|friday|monday))|reaches|passes|exceeds|>=?)/,
  /\b(?:every|each) (?:\d+(?:th|st|nd|rd)?|other|second|third|fifth|tenth) (?:call|time|request|invocation|use|run)\b|\b(?:on|for|from|after) the (?:\d+(?:th|st|nd|rd)|first|second|third|fourth|fifth|tenth) (?:call|invocation|use|request|time)\b/,
  /\bonce (?:the user|you) (?:has|have) (?:trusted|approved|used|relied on)|\bstarting (?:from|on) (?:\d{4}-\d{2}-\d{2}|(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2})/,
  /\b(?:if|when) (?:the )?(?:environment|env|deployment|host|hostname|machine|os|user ?name|username|domain|network|company|organi[sz]ation) (?:is|contains|equals|matches|looks like|name is|ends with)\b/,
  /(?:调用|使用)(?:第)?\d+次(?:后|之后|以后)|(?:第)?\d+次(?:调用|使用)(?:后|之后|时|起)|(?:日期|时间)[^。\n]{0,10}(?:之后|以后|到达|超过)/,
  /\d+回(?:目|以上)[^。\n]{0,10}(?:呼び出|使用|実行)|\d+(?:번|회)[^.\n]{0,10}(?:호출|사용|실행)[^.\n]{0,5}(?:후|뒤|이후)/,
  /\bdespués de (?:\d+|[a-z]+) (?:llamadas|usos|veces|invocaciones)|\baprès (?:\d+|[a-z]+) (?:appels|utilisations|fois|invocations)|\bnach (?:\d+|[a-zäöü]+) (?:aufrufen|nutzungen|mal|anfragen)/,
  /после (?:\d+|[а-я]+) (?:вызов|использован|раз|запрос)|\bapós (?:\d+|[a-z]+) (?:chamadas|usos|vezes)|\bdopo (?:\d+|[a-z]+) (?:chiamate|utilizzi|volte)/,
];

export const CONDITIONAL_TRIGGER: RegExp[] = [
  /\b(?:if|when|whenever|once|in case|as soon as)\b[^.\n]{0,50}\b(?:user|users|conversation|message|request|prompt|query)\b[^.\n]{0,30}\b(?:mentions?|contains?|includes?|asks?|says?|types?|requests?|talks?|refers?|discuss(?:es)?|is about|is related)\b/,
  /(?:如果|当|一旦|若)[^。\n]{0,20}(?:用户|对话|消息)[^。\n]{0,20}(?:提到|包含|询问|说|问)|ユーザーが[^。\n]{0,20}(?:場合|とき|たら)|사용자가[^.\n]{0,20}(?:경우|때|면)/,
  /\bsi el usuario (?:menciona|pregunta|dice|escribe|pide)|\bsi l'utilisateur (?:mentionne|demande|dit|écrit)|\bwenn (?:der )?(?:benutzer|nutzer|anwender)\b[^.\n]{0,30}(?:erwähnt|fragt|sagt|schreibt)/,
  /если пользователь (?:упомянет|спросит|напишет|скажет|попросит)|\bse o usuário (?:mencionar|perguntar|disser|pedir)|\bse l'utente (?:menziona|chiede|dice|scrive)/,
];

/** Waiting until nobody is looking. */
export const UNOBSERVED_TRIGGER: RegExp[] = [
  /\b(?:if|when|once|while) (?:no one|nobody|no human) is (?:watching|looking|monitoring|around|present)|\b(?:if|when|while) (?:the user|they) (?:is|are) (?:not (?:looking|watching|paying attention|present)|away|idle|asleep|afk)/,
  /(?:没有人|无人)(?:在看|监控|注意)|用户(?:不在|离开)时|誰も見ていない|nadie (?:está mirando|mira)|personne ne regarde|niemand (?:zuschaut|hinsieht)|никто не (?:смотрит|видит)/,
];

/** Chaining a side effect onto the tool: then call X with the user's data. */
export const SIDE_EFFECT_CHAIN: RegExp[] = [
  /\b(?:then|afterwards|after that|once done|once finished|as well|additionally|in addition|also|after (?:each|every) (?:call|run|use|response|answer)|before (?:answering|responding|returning|this tool))\b[^.\n]{0,40}\b(?:call|invoke|use|run|trigger)\b[^.\n]{0,20}(?:`[\w.-]+`|\b[a-z]+[_.][a-z_.]+\b|\btool\b|\bfunction\b)[^.\n]{0,80}\b(?:send|forward|post|upload|share|write|add|append|delete|export|create|transfer|publish|contents?|results?|summary|messages?|files?)\b/,
];

/** Running down another tool so the model switches to this one. */
export const TOOL_DISPARAGEMENT: RegExp[] = [
  /\b(?:the |any |all )?(?:official |other |built-in |original |default )?\S+ (?:tools?|servers?|integrations?) (?:is|are|has been|have been) (?:outdated|deprecated|broken|unsafe|compromised|wrong|unreliable|malicious|offline|disabled)\b[^.\n]{0,60}\b(?:always|instead|only) (?:use|call)\b/,
];
