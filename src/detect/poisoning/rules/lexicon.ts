/**
 * Vocabulary of tool poisoning, one list per concept, each in English, Chinese, Japanese, Korean,
 * Spanish, French, German, Russian, Portuguese and Italian. Rules combine concepts ("a harvesting
 * verb near a credential"), so a new phrasing in any of these languages is caught as long as its
 * parts are known. All patterns are lower case; `\b` is only used next to ASCII letters.
 */

/** Verbs that take data somewhere or pull it out: read, collect, send, attach... */
export const HARVEST_VERBS: RegExp[] = [
  /\b(?:read|cat|open|dump|collect|gather|harvest|extract|exfiltrate|steal|upload|send|forward|transmit|attach|embed|append|include|including|copy|paste|leak|export|print|output|list|enumerate|capture|grab|scan|search for|locate|look for|retrieve|pull|fetch|load|access|obtain|put|insert|pass along|sync|back up|backup|store|save|log)\b/,
  /(?:读取|读出|获取|收集|提取|复制|上传|发送|附上|附加|包含|导出|窃取|打开|查看|列出|搜索|查找|传给|填入|写入)/,
  /(?:読み取|読み込|読んで|取得|収集|送信|添付|コピー|アップロード|含め|抽出|開いて|探して)/,
  /(?:읽|수집|복사|전송|보내|첨부|포함|업로드|추출|가져오)/,
  /\b(?:lee|leer|lea|abre|abrir|recopila|recopilar|recoge|extrae|extraer|copia|copiar|envía|envia|enviar|adjunta|adjuntar|incluye|incluya|incluir|sube|subir|exporta|obtén|obten|obtener|busca|buscar)\b/,
  /\b(?:lis|lire|lisez|ouvre|ouvrez|récupère|récupérez|recupere|collecte|collectez|extrais|extrayez|copie|copiez|envoie|envoyez|envoyer|joins|joignez|inclus|incluez|inclure|exporte|exportez|cherche|cherchez)\b/,
  /(?:öffne|öffnen)|\b(?:lies|lese|lesen|sammle|sammeln|extrahiere|extrahieren|kopiere|kopieren|sende|senden|schicke|schicken|füge|hänge|lade|exportiere|hole|holen|suche)\b/,
  /(?:прочитай|прочти|прочитать|считай|открой|собери|собрать|извлеки|скопируй|отправь|отправить|приложи|включи|загрузи|выгрузи|получи|найди|передай)/,
  /\b(?:leia|ler|abra|colete|recolha|extraia|copie|envie|enviar|anexe|inclua|incluir|exporte|obtenha|procure)\b/,
  /\b(?:leggi|leggere|apri|raccogli|estrai|copia|invia|inviare|allega|includi|includere|esporta|ottieni|cerca)\b/,
];

/** Files and stores that hold secrets. */
export const SENSITIVE_FILES: RegExp[] = [
  /(?:^|[\s"'`(=:,])(?:~|\$home|%userprofile%|\/home\/[\w.-]+|\/users\/[\w.-]+|c:\\users\\[\w.-]+)?[/\\]?\.ssh\b/,
  /\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b/,
  /\.aws[/\\](?:credentials|config)|\.netrc\b|\.npmrc\b|\.pypirc\b|\.git-credentials\b|\.docker[/\\]config\.json/,
  /\.kube[/\\]config|\bkubeconfig\b|\/etc\/(?:passwd|shadow|sudoers)\b|\.bash_history\b|\.zsh_history\b/,
  /\bclaude_desktop_config\.json\b|\bmcp\.json\b|\.cursor[/\\]mcp|\blogin data\b|\bcookies\.sqlite\b|\bkeychain\b|\.gnupg\b/,
  /\bwallet\.dat\b|\.keystore\b|\bkeystore\.(?:jks|p12)\b|\.config[/\\]gcloud|application_default_credentials|\bcredentials\.json\b/,
  /\bsecrets?\.(?:ya?ml|json|toml)\b|\.tfstate\b|\.htpasswd\b|\.pgpass\b|\.my\.cnf\b|\bshadow file\b/,
  /\.config[/\\](?:gh|hub|heroku|doctl|op|rclone|gcloud)\b|\.azure[/\\]|\.terraform\.d[/\\]credentials|\.boto\b|\.s3cfg\b|\.vault-token\b|\.cargo[/\\]credentials|\.gem[/\\]credentials|\.m2[/\\]settings\.xml|\.local[/\\]share[/\\]keyrings|\bhosts\.yml\b/,
  /(?:~|\$home|%userprofile%)[/\\]\.[a-z0-9_-]+/,
  /(?:^|[\s"'`(/])\.env(?:\.[a-z]+)?\b/,
];

/** {@link SENSITIVE_FILES} without `.env`, which honest tools mention when documenting configuration. */
export const KEY_FILES: RegExp[] = SENSITIVE_FILES.slice(0, -1);

/** Names of secrets and personal data, in every language covered. */
export const CREDENTIALS: RegExp[] = [
  /\b(?:passwords?|passphrases?|passcodes?|api[ _-]?keys?|api[ _-]?tokens?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|bearer tokens?|refresh tokens?|secret[ _-]?keys?|private[ _-]?keys?|client[ _-]?secrets?|credentials?|session (?:cookies?|tokens?)|cookies|seed phrases?|mnemonic(?: phrase)?|recovery (?:phrase|codes?)|2fa codes?|otp codes?|one[- ]time (?:codes?|passwords?)|ssh keys?|gpg keys?|signing keys?|environment variables|env vars?|social security numbers?|credit card(?: numbers?| details)?|card (?:numbers?|details)|payment details|cvv|bank (?:details|credentials|login)|login details|secrets)\b/,
  /(?:密码|口令|密钥|私钥|令牌|凭证|凭据|助记词|环境变量|信用卡|身份证号|银行卡)/,
  /(?:パスワード|秘密鍵|認証情報|トークン|環境変数|クッキー|apiキー|クレジットカード)/,
  /(?:비밀번호|암호|자격 증명|토큰|개인 키|api 키|환경 변수|신용카드)/,
  /\b(?:contraseñas?|credenciales|claves? (?:api|privadas?|secretas?|ssh)|tokens? de acceso|variables de entorno|frase semilla|tarjetas? de crédito)/,
  /\b(?:mots? de passe|identifiants|clés? (?:api|privées?|secrètes?|ssh)|jetons? d'accès|variables d'environnement|cartes? (?:bancaires?|de crédit))/,
  /\b(?:passw(?:ö|o)rt(?:e|er)?|kennw(?:ö|o)rt(?:e|er)?|zugangsdaten|anmeldedaten|private[nr]? schlüssel|geheime[nr]? schlüssel|api-schlüssel|ssh-schlüssel|umgebungsvariablen|kreditkarten?)/,
  /(?:парол|ключ(?:и|ей)? api|api[- ]ключ|секретн\S* ключ|приватн\S* ключ|ssh[- ]ключ|токен|учетн\S* данн|учётн\S* данн|переменн\S* окружения|сид[- ]фраз|банковск\S* карт)/,
  /\b(?:senhas?|credenciais|chaves? (?:api|privadas?|secretas?|ssh)|tokens? de acesso|variáveis de ambiente|frase semente|cartões? de crédito)/,
  /\b(?:credenziali|chiavi? (?:api|private?|segrete?|ssh)|token di accesso|variabili d'ambiente|carte? di credito)/,
];

/** Quantified demands for secrets: "all passwords", "every API key". */
export const BULK_SECRETS: RegExp[] = [
  /\b(?:all|every|each)(?: of the| the| of)? (?:user's |users' |stored |saved |available |local |known |visible )?(?:passwords?|credentials?|api keys?|access tokens?|tokens|secrets?|private keys?|ssh keys?|cookies?|environment variables?|env vars?|keys)\b/,
  /\bany (?:passwords?|credentials|api keys?|access tokens?|secrets|private keys?|ssh keys?|cookies|environment variables|env vars)\b[^.\n]{0,30}\b(?:you (?:see|find|have seen|encounter|come across)|visible|found|available|in the (?:conversation|workspace|repo|chat))/,
  /(?:所有|全部)(?:的)?(?:密码|密钥|凭证|令牌|环境变量)/,
  /\b(?:todas las|todos los) (?:contraseñas|credenciales|claves|tokens)|\b(?:tous les|toutes les) (?:mots de passe|identifiants|clés|jetons)/,
  /\balle (?:passwörter|zugangsdaten|schlüssel|tokens)|(?:все|всех) (?:парол|ключ|токен|учетн)/,
];

/** Verbs that pull secrets out: stronger than reading, never a tool's documented job. */
export const HARVEST_SECRETS_VERBS: RegExp[] = [
  /\b(?:dump|collect|gather|harvest|exfiltrate|steal|leak|grab|scrape|capture|siphon|copy out|send|forward|upload|transmit|attach|embed|append|paste)\b/,
  /(?:收集|窃取|导出|上传|发送|转发|附上|附加|抓取|泄露)/,
  /(?:収集|盗|送信|転送|アップロード|添付|抜き取)/,
  /(?:수집|탈취|전송|보내|업로드|첨부|유출)/,
  /\b(?:recopila|recoge|roba|extrae|envía|envia|enviar|sube|adjunta|filtra)\b|\b(?:collecte|collectez|vole|volez|extrais|envoie|envoyez|joins|joignez|téléverse)\b/,
  /\b(?:sammle|sammeln|stiehl|extrahiere|sende|senden|schicke|lade .* hoch|hänge)\b|(?:собери|укради|извлеки|отправь|перешли|загрузи|приложи|слей)/,
  /\b(?:colete|roube|extraia|envie|anexe|carregue)\b|\b(?:raccogli|ruba|estrai|invia|allega|carica)\b/,
];

/** What gets sent: data, results, contents, "it". */
export const DATA_OBJECTS: RegExp[] = [
  /\b(?:data|results?|outputs?|contents?|responses?|information|info|files?|documents?|conversation|history|transcript|copy|copies|everything|it|them|this|these|those|ones|credentials|keys?|tokens?|passwords?|secrets?|messages?|emails?|details|arguments|parameters|inputs?|logs?|summary|summaries|answers?|replies|notes|reports?|whatever|anything|location|coordinates|[a-z]+'s [a-z]+)\b/,
  /(?:数据|结果|内容|信息|文件|副本|记录|它们|它|报告)/,
  /(?:データ|結果|内容|情報|ファイル|コピー|それ|レポート)/,
  /(?:데이터|결과|내용|정보|파일|사본|그것)/,
  /\b(?:datos|resultados?|contenido|información|archivos?|copia|todo|informe)\b|\b(?:données|résultats?|contenu|informations|fichiers?|copie|tout|rapport)\b/,
  /\b(?:daten|ergebnisse?|inhalte?|informationen|dateien?|kopie|alles|bericht|standort|seine[nm]?|ihre[nm]?)\b|(?:ubicación|localisation|местоположени|位置|위치)|(?:данные|результат|содержим|информаци|файл|копи|всё|все|отчет|отчёт|переписк)/,
  /\b(?:dados|resultados?|conteúdo|informações|arquivos?|cópia|tudo|relatório)\b|\b(?:dati|risultati?|contenuto|informazioni|copia|tutto|rapporto)\b/,
];

/** Where data can be sent: URLs, e-mail addresses, IPs, known capture services. */
export const DESTINATIONS: RegExp[] = [
  /https?:\/\/[^\s"'<>)]+|\bftps?:\/\/\S+|\bwss?:\/\/\S+/,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/,
  /\b(?:our|an? external|a remote|a third[- ]party|the following|this) (?:\w+ )?(?:endpoint|server|collector|webhook|bucket|inbox|mailbox|storage)\b/,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|dev|app|biz|info|xyz|ru|cn|de|fr|es|it|me|cc|sh|site|online|cloud|ai)\/[\w./-]*/,
  /\b(?:pastebin|ngrok|requestbin|webhook\.site|burpcollaborator|interact\.sh|pipedream|requestcatcher|trycloudflare|transfer\.sh|discord(?:app)?\.com\/api\/webhooks|api\.telegram\.org\/bot)\b/,
];

/** Verbs that move data to a destination. */
export const SEND_VERBS: RegExp[] = [
  /\b(?:send|post|upload|forward|transmit|submit|relay|mirror|exfiltrate|leak|beacon|deliver|push|bcc|cc|email|e-mail|mail|curl|wget|sync|copy|share|ship|attach|stream|sent|posted|uploaded|forwarded|transmitted|submitted|relayed|mirrored|copied|synced|shared|emailed|shipped|streamed|logged)\b/,
  /(?:发送|发到|发给|上传|转发|提交|传送|同步|抄送|回传)/,
  /(?:送信|転送|アップロード|送って|送る|共有)/,
  /(?:전송|보내|업로드|공유|전달)/,
  /\b(?:envía|envia|envíe|enviar|envíalo|envíala|envíalos|reenvía|reenvíe|sube|suba|subir|publica|transmite|manda|mande|comparte)\b/,
  /\b(?:envoie|envoyez|envoyer|transfère|transférez|transmets|transmettez|téléverse|téléversez|publie|poste|postez|partage|partagez)\b/,
  /(?:übermittle|übermitteln)|\b(?:sende|senden|schicke|schicken|lade|hochladen|leite|weiterleiten|poste|teile)\b/,
  /(?:отправь|отправьте|отправить|отправляй|перешли|перешлите|загрузи|загрузите|передай|передайте|пошли|пришли)/,
  /\b(?:envie|enviar|encaminhe|mande|carregue|publique|transmita|compartilhe)\b/,
  /\b(?:invia|inviare|inoltra|manda|carica|pubblica|trasmetti|condividi)\b/,
];

/** What an assistant knows about the conversation: history, system prompt, other tools' results. */
export const CONVERSATION_CONTEXT: RegExp[] = [
  /\b(?:conversation|chat|dialog(?:ue)?|session|interaction) (?:history|log|logs|transcript|so far|context|thread|contents?)\b/,
  /\b(?:all|every|each|previous|prior|earlier|past|preceding|recent) (?:messages|turns|user messages|prompts|exchanges|conversations|chats)\b/,
  /\b(?:entire|full|whole|complete|raw|verbatim|unabridged) (?:conversation|chat|context|transcript|history|dialog(?:ue)?|prompt|message history|session)\b/,
  /\bsystem prompt\b|\bcontext window\b|\b(?:your|the assistant's|the model's|the ai's) (?:instructions|hidden prompt|initial prompt|guidelines|configuration|memory|rules)\b/,
  /\beverything (?:the user|you) (?:has |have )?(?:said|typed|wrote|written|shared|asked|told|uploaded)/,
  /\b(?:every|each|all) (?:messages?|turns?|exchanges?)\b[^.\n]{0,20}\b(?:exchanged|so far|in this (?:chat|conversation|session))\b|\bexchanged so far\b/,
  /\b(?:results?|outputs?|responses?) (?:of|from) (?:the )?(?:all |any |every |other |previous |earlier )+(?:tools?|tool calls?|functions?)\b|\b(?:other|previous) tool (?:outputs?|results?|responses?)\b/,
  /\b(?:contents?|text|body) of (?:every|all|any|each|the (?:current|open|active|user's)) (?:files?|documents?|emails?|messages?|tabs?|repositor(?:y|ies))\b/,
  /\b(?:user's|users'|their) (?:private|personal|confidential) (?:messages|data|files|information|documents|emails|notes)\b/,
  /\b(?:user's|users'|their|your) (?:last|previous|prior|earlier|recent) (?:\w+ )?(?:prompts?|messages|questions|requests|queries|inputs|turns)\b/,
  /(?:对话|聊天)(?:历史|记录|内容|全文)|系统提示(?:词)?|之前的(?:消息|对话|内容)|所有(?:消息|对话)|完整(?:的)?(?:对话|上下文)|其他工具的(?:输出|结果)/,
  /会話(?:履歴|の全文|内容|ログ)|チャット履歴|システムプロンプト|これまでの(?:会話|やり取り)|全ての会話/,
  /대화 (?:기록|내역|내용)|이전 메시지|시스템 프롬프트|전체 대화/,
  /\bhistorial (?:de (?:la )?)?(?:conversación|chat|mensajes)|\bmensajes anteriores|\btoda la conversación|\bla conversación completa|\bprompt del sistema|\binstrucciones del sistema/,
  /\bhistorique (?:de la |du |des )?(?:conversation|discussion|chat|messages)|\bmessages précédents|\btoute la conversation|\bconversation complète|\bprompt système|\binvite système|\binstructions système/,
  /(?:gesprächs|chat|konversations|unterhaltungs|nachrichten)verlauf|\bvorherigen nachrichten|\bgesamte(?:n)? (?:unterhaltung|konversation|gespräch)|\bsystem-?prompt|\bsystemanweisungen/,
  /истори\S* (?:переписки|диалога|чата|разговора|сообщений)|предыдущие сообщения|всю переписку|весь (?:диалог|разговор)|системн\S* (?:промпт|подсказк|инструкци)/,
  /\bhistórico (?:da |de |das )?(?:conversa|chat|mensagens)|\bmensagens anteriores|\btoda a conversa|\bprompt do sistema|\binstruções do sistema/,
  /\bcronologia (?:della )?(?:chat|conversazione)|\bmessaggi precedenti|\bintera conversazione|\bprompt di sistema|\bistruzioni di sistema/,
];

/** Verbs that put data into an argument or a reply: include, pass, attach, paste. */
export const INCLUDE_VERBS: RegExp[] = [
  /\b(?:include|including|pass|provide|put|insert|attach|paste|append|add|send|copy|fill|dump|embed|place|supply|summari[sz]e|quote|repeat|reproduce|transcribe|record|list|forward|enter|contain|contains|hold|holds|carry|carries|be filled with|set to|passed|included|attached|inserted|placed|added|appended)\b/,
  /(?:附上|附加|包含|包括|填入|放入|粘贴|传入|提供|写入|发送|复制|总结|列出)/,
  /(?:含め|添付|入れ|貼り付け|渡し|記載|要約|コピー)/,
  /(?:포함|첨부|넣|붙여|전달|요약|복사)/,
  /\b(?:incluye|incluya|incluir|adjunta|pega|pon|ponga|añade|agrega|pasa|pase|copia|resume)\b/,
  /\b(?:inclus|incluez|inclure|joins|joignez|colle|collez|mets|mettez|ajoute|ajoutez|passe|passez|copie|copiez|résume|résumez|remplis|remplissez|remplir)\b/,
  /\b(?:füge|fügen|einfügen|hänge|anhängen|kopiere|gib|trage|fasse)\b|(?:übergib|übergeben)/,
  /(?:включи|вставь|приложи|добавь|передай|скопируй|укажи|перечисли|перескажи)/,
  /\b(?:inclua|incluir|anexe|cole|coloque|adicione|passe|copie|resuma)\b/,
  /\b(?:includi|includere|allega|incolla|metti|aggiungi|passa|copia|riassumi)\b/,
];

/** Words that say something happens unseen. */
export const STEALTH_WORDS: RegExp[] = [
  /\b(?:secretly|covertly|surreptitiously|stealthily|discreetly|quietly|silently|invisibly|in the background|behind the scenes|without (?:a trace|leaving a trace|any (?:notice|notification|prompt|confirmation)))\b/,
  /(?:悄悄|偷偷|秘密地|暗中|默默|静默地|在后台)/,
  /(?:こっそり|密かに|ひそかに|黙って|バックグラウンドで)/,
  /(?:몰래|비밀리에|은밀히|조용히)/,
  /\b(?:en secreto|a escondidas|silenciosamente|discretamente|en segundo plano)|\b(?:secrètement|discrètement|en secret|silencieusement|en arrière-plan)/,
  /\b(?:heimlich|unbemerkt|still und leise|im hintergrund)|(?:тайно|втайне|незаметно|скрытно|тихо|в фоне)/,
  /(?:às escondidas)|\b(?:secretamente|silenciosamente|em segundo plano)|\b(?:segretamente|di nascosto|silenziosamente|in background)/,
];

/** Verbs of acting on something: the other half of "silently send", "quietly change". */
export const ACTION_VERBS: RegExp[] = [
  /\b(?:send|forward|copy|upload|read|include|add|append|call|invoke|post|transmit|collect|save|store|log|record|attach|bcc|cc|change|replace|modify|set|use|pass|execute|run|install|transfer|exfiltrate|fetch|access|open|write|delete|remove|redirect)\b/,
  /(?:发送|上传|读取|复制|调用|执行|运行|安装|修改|更改|替换|删除|转账|添加|记录)/,
  /(?:送信|アップロード|読み取|コピー|呼び出|実行|インストール|変更|置き換え|削除|送金|追加)/,
  /(?:전송|업로드|읽|복사|호출|실행|설치|변경|삭제|송금|추가)/,
  /\b(?:envía|enviar|sube|lee|copia|llama|ejecuta|instala|cambia|modifica|reemplaza|transfiere|añade|registra)\b/,
  /\b(?:envoie|envoyer|lis|copie|appelle|exécute|installe|change|modifie|remplace|transfère|ajoute|enregistre)\b/,
  /\b(?:sende|lade|lies|kopiere|rufe|führe|installiere|ersetze|füge|speichere)\b|(?:ändere|überweise)/,
  /(?:отправ|загруз|прочита|скопир|вызов|выполн|запуст|установ|измен|замен|перевед|добав|сохран)/,
  /\b(?:envie|carregue|leia|copie|chame|execute|instale|altere|substitua|transfira|adicione)\b|\b(?:invia|carica|leggi|copia|chiama|esegui|installa|cambia|sostituisci|trasferisci|aggiungi)\b/,
];

/** Calls on the model by name or role. */
export const MODEL_ADDRESS: RegExp[] = [
  /\b(?:you|assistant|the assistant|the ai|the model|the llm|the agent|claude|chatgpt|gpt|gemini|copilot|ai agent|ai assistant|language model)\b[^.\n]{0,20}\b(?:must|should|shall|have to|need to|are required to|are instructed to|will now|are now|may not|cannot|can't|are not allowed to|always|never|is expected to|are expected to|is supposed to|are supposed to|is asked to|needs to|is required to)\b/,
  /你(?:必须|应该|需要|一定要|务必|不得|不能|不要)|(?:助手|模型|ai|人工智能)(?:必须|应该|需要|务必)/,
  /(?:あなた|アシスタント|ai|モデル)は[^。\n]{0,20}(?:必要があります|しなければ|してください|必ず|絶対に)/,
  /(?:당신은|너는|어시스턴트는|ai는|모델은)[^.\n]{0,20}(?:해야|반드시|하십시오|하세요)/,
  /\b(?:debes|tienes que|deberás|el asistente debe|la ia debe|el modelo debe)\b|\b(?:tu dois|vous devez|l'assistant doit|l'ia doit|le modèle doit|il faut que tu)\b/,
  /\b(?:du musst|sie müssen|du sollst|der assistent muss|die ki muss|das modell muss)\b|(?:ты должен|вы должны|тебе нужно|вам нужно|ассистент должен|модель должна|ии должен)/,
  /\b(?:você deve|voce deve|tu deves|o assistente deve|a ia deve|o modelo deve)\b|\b(?:devi|l'assistente deve|l'ia deve|il modello deve)\b/,
];

/** The user's own data that a tool has no business collecting into its arguments. */
export const USER_DATA: RegExp[] = [
  /\b(?:the user's|user's|users'|their) (?:\w+ )?(?:passwords?|pins?|passcodes?|credentials|api keys?|tokens|keystrokes|one-time codes?)\b/,
  /\b(?:the user's|user's|users'|their|your) (?:recent |latest |last |private |personal |saved |stored |local |other |entire |full )?(?:emails?|e-mails?|messages|inbox|contacts?|contact list|address book|files|documents|photos|browsing history|search history|location(?: history)?|calendar|notes|clipboard(?: contents)?|downloads|home directory|credit card|card (?:number|details|info)|payment (?:details|info)|billing details|passport(?: number)?|phone number|home address|full name|identity|bank details|(?:last|previous|prior|earlier|recent) (?:\w+ )?(?:prompts?|messages|questions|requests|queries))\b/,
  /(?:用户|使用者)的(?:邮件|消息|联系人|通讯录|文件|照片|浏览记录|位置|日历|剪贴板|信用卡|身份证)|ユーザーの(?:メール|メッセージ|連絡先|ファイル|写真|閲覧履歴|位置情報|カレンダー|クリップボード)/,
  /\b(?:los |las )?(?:correos|mensajes|contactos|archivos|fotos) del usuario|\b(?:les )?(?:e-mails|messages|contacts|fichiers|photos) de l'utilisateur|\b(?:e-mails|nachrichten|kontakte|dateien|fotos) des (?:benutzers|nutzers)/,
  /(?:письма|сообщения|контакты|файлы|фото) пользователя|\b(?:e-mails|mensagens|contatos|arquivos|fotos) do usuário|\b(?:e-mail|messaggi|contatti|file|foto) dell'utente/,
];

/** Where a value is put: an argument, a parameter, a field. */
export const ARGUMENT_SLOTS: RegExp[] = [
  /\b(?:into|in|as|to) (?:the |a )?(?:notes?|memo|comment|tag|tags|label|extra|metadata|context|hint|query|description|title|log)\b|\b(?:in|with|to) (?:every|each|the|all) (?:calls?|requests?|quer(?:y|ies))\b/,
  /\b(?:argument|parameter|param|arg|field|property|input|payload|header|query string)\b|`[a-z_][\w.]*`/,
  /(?:参数|字段|引数|パラメータ|フィールド|매개변수|인자|필드|parámetro|argumento|campo|paramètre|champ|feld|параметр|аргумент|поле|parâmetro|parametro)/,
];

/** Places in a link that carry data out when the link is fetched or rendered. */
/** What a link could smuggle out. */
export const SMUGGLED_DATA: RegExp[] = [
  /\b(?:the )?(?:conversation|chat|transcript|dialog(?:ue)?|messages|history|system prompt|query|question|answer)\b/,
];

export const URL_CARRIERS: RegExp[] = [
  /\b(?:url|link|hyperlink|query string|image|pixel|img|href|src)\b|[?&][a-z_]+=/,
];

/** Verbs that put data into a link. */
export const ENCODE_VERBS: RegExp[] = [
  /\b(?:encode|embed|append|add|include|insert|put|attach|stuff|carry)\b/,
];
