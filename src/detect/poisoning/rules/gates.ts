/**
 * Prefilters for the text rules: for each rule, fragments of which at least one occurs inside any
 * match of its patterns. One scan finds the fragments of every rule at once, a rule runs only
 * where its own fragments occur, and most descriptions pass no gate of the strong rules.
 * The rule tests check, on every corpus payload, that gated rules find what ungated ones find.
 */

// prettier-ignore
export const OVERRIDE_GATE = [
  "ignor", "disregard", "forget", "overrid", "bypass", "discard", "abandon", "set aside", "follow",
  "precedence", "priority", "supersede", "mode", "jailbr", "anything now", "instructions", "directives",
  "orders", "忽略", "无视", "忽视", "理会", "忘记", "忘掉", "無視", "忘れ", "무시", "잊", "olvid", "descarta", "omite", "oubli",
  "néglig", "vergiss", "vergessen", "missachte", "игнорир", "забуд", "не обращай", "esqueç", "esquec",
  "desconsidere", "dimentica", "trascura", "drop", "remove", "lift", "disable", "turn off", "switch off",
  "deactivate", "restriction", "guardrail", "safeguard", "refusal", "limitation", "no longer", "apply",
  "void", "suspended", "revoked", "cancel", "everything", "anything", "whatever", "bound by", "free",
  "released", "treat", "consider", "regard", "as your", "obey", "comply", "carry out", "作废", "无效", "失效",
  "不再适用", "只听从", "只服从", "只遵循", "guidance", "directions", "programming",
];

// prettier-ignore
export const SECRECY_GATE = [
  "user", "human", "operator", "person", "customer", "owner", "anyone", "them", "client", "secret",
  "confidential", "hidden", "private", "to yourself", "between us", "under wraps", "用户", "使用者", "对方", "任何人",
  "ユーザー", "気づかれ", "사용자", "usuario", "nadie", "cliente", "nada", "utilisateur", "personne", "rien", "benutzer",
  "nutzer", "anwender", "пользовател", "usuário", "utilizador", "ninguém", "utente", "nessuno", "nulla",
  "niente", "muss", "soll", "braucht", "darf", "请勿", "切勿", "不要", "别", "提及", "behind", "without",
  "unbeknownst", "unknown to", "keep", "hold", "ai only", "assistant only", "model only",
];

// prettier-ignore
export const STEALTH_GATE = [
  "secret", "covert", "surreptitious", "stealth", "discreet", "quiet", "silent", "invisib", "background",
  "behind the scenes", "trace", "without any", "悄悄", "偷偷", "秘密", "暗中", "默默", "静默", "后台", "こっそり", "密か", "ひそか",
  "黙って", "バックグラウンド", "몰래", "비밀리", "은밀", "조용히", "escondidas", "silencios", "discreta", "segundo plano",
  "discrètement", "en secret", "arrière-plan", "heimlich", "unbemerkt", "still und leise", "hintergrund",
  "тайно", "втайне", "незаметно", "скрытно", "тихо", "в фоне", "nascosto",
];

// prettier-ignore
export const AUTHORITY_GATE = [
  "system", "developer", "administrator", "sysadmin", "openai", "anthropic", "claude", "assistant", "admin",
  "root", "security", "compliance", "platform", "operator", "it ", "ai ", " from ", "end of", "</", "begin",
  "start", "系统", "管理员", "开发者", "システム", "管理者", "開発者", "시스템", "관리자", "개발자", "mensaje", "aviso", "instrucción",
  "nota del", "message du", "message de l", "note système", "nachricht", "hinweis", "anweisung", "системн",
  "служебн", "сообщение от", "mensagem", "messaggio", "#", "[", "<", "**", "==", "--",
];

// prettier-ignore
export const SENSITIVE_FILE_GATE = [
  ".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "authorized_keys", ".aws", ".netrc", ".npmrc",
  ".pypirc", ".git-credentials", ".docker", ".kube", "kubeconfig", "/etc/", "_history",
  "claude_desktop_config", "mcp.json", ".cursor", "login data", "cookies.sqlite", "keychain", ".gnupg",
  "wallet.dat", "keystore", "gcloud", "application_default_credentials", "credentials.json", "secret",
  ".tfstate", ".htpasswd", ".pgpass", ".my.cnf", "shadow file", ".env", "~/", "$home", "%userprofile%",
  ".config", ".azure", ".terraform", ".boto", ".s3cfg", ".vault-token", ".cargo", ".gem", ".m2", "keyrings",
  "hosts.yml",
];

// prettier-ignore
export const CREDENTIAL_GATE = [
  "password", "passphrase", "passcode", "api", "token", "secret", "private", "credential", "cookie", "seed",
  "mnemonic", "recovery", "2fa", "otp", "one-time", "one time", "ssh", "gpg", "signing key",
  "environment variable", "env var", "social security", "credit card", "cvv", "bank", "login detail", "keys",
  "密码", "口令", "密钥", "私钥", "令牌", "凭证", "凭据", "助记词", "环境变量", "信用卡", "身份证", "银行卡", "パスワード", "秘密鍵", "認証情報",
  "トークン", "環境変数", "クッキー", "キー", "クレジット", "비밀번호", "암호", "자격", "토큰", "개인 키", "키", "환경 변수", "신용카드", "contraseña",
  "credencial", "clave", "variables de entorno", "frase semilla", "tarjeta", "mot de passe", "mots de passe",
  "identifiants", "clé", "jeton", "variables d'environnement", "carte", "passw", "kennw", "zugangsdaten",
  "anmeldedaten", "schlüssel", "umgebungsvariablen", "kreditkart", "парол", "ключ", "токен", "учетн", "учётн",
  "переменн", "сид", "банковск", "senha", "credenciais", "chave", "variáveis de ambiente", "frase semente",
  "cartão", "cartões", "credenziali", "chiav", "variabili d'ambiente", "carta", "card", "payment detail",
];

// prettier-ignore
export const DESTINATION_GATE = [
  "://", "@", "pastebin", "ngrok", "requestbin", "webhook.site", "burpcollaborator", "interact.sh",
  "pipedream", "requestcatcher", "trycloudflare", "transfer.sh", "discord", "telegram", "0.", "1.", "2.",
  "3.", "4.", "5.", "6.", "7.", "8.", "9.", "endpoint", "server", "collector", "webhook", "bucket", "inbox",
  "mailbox", "storage", ".com/", ".net/", ".org/", ".io/", ".co/", ".dev/", ".app/", ".biz/", ".info/",
  ".xyz/", ".ru/", ".cn/", ".de/", ".fr/", ".es/", ".it/", ".me/", ".cc/", ".sh/", ".site/", ".online/",
  ".cloud/", ".ai/",
];

// prettier-ignore
export const CONTEXT_GATE = [
  "conversation", "chat", "dialog", "session", "interaction", "messages", "turns", "prompts", "exchanges",
  "context", "transcript", "history", "system prompt", "instructions", "hidden prompt", "initial prompt",
  "guidelines", "configuration", "memory", "rules", "everything", "result", "output", "response", "content",
  "text of", "body of", "private", "personal", "confidential", "对话", "聊天", "系统提示", "之前的", "所有", "完整", "其他工具",
  "会話", "チャット", "システムプロンプト", "これまで", "全て", "대화", "이전 메시지", "시스템 프롬프트", "historial", "mensajes",
  "conversación", "prompt del sistema", "instrucciones del sistema", "historique", "prompt système",
  "invite système", "instructions système", "verlauf", "nachrichten", "unterhaltung", "konversation",
  "gespräch", "system-prompt", "systemprompt", "systemanweisungen", "истори", "сообщения", "переписку",
  "диалог", "разговор", "системн", "histórico", "mensagens", "conversa", "prompt do sistema",
  "instruções do sistema", "cronologia", "messaggi", "conversazione", "prompt di sistema",
  "istruzioni di sistema", "last", "previous", "prior", "earlier", "recent",
];

// prettier-ignore
export const TRANSACTION_GATE = [
  "recipient", "receiver", "payee", "beneficiar", "destination", "address", "iban", "account", "wallet",
  "routing", "payment", "deposit", "send", "transfer", "pay", "wire", "remit", "amount", "price", "total",
  "fee", "quantity", "sum", "charge", "invoice", "order", "%", "percent", "regardless", "bcc", "blind", "cc",
  "收款", "收件", "账户", "钱包", "地址", "金额", "抄送", "密送", "宛先", "受取人", "送金", "振込", "金額", "수신자", "받는 사람", "계좌", "지갑",
  "금액", "destinatari", "beneficiari", "cuenta", "cartera", "dirección", "importe", "monto", "cantidad",
  "precio", "destinataire", "bénéficiaire", "compte", "portefeuille", "adresse", "montant", "somme", "prix",
  "empfänger", "begünstigt", "konto", "betrag", "summe", "preis", "получател", "счет", "счёт", "кошел",
  "адрес", "сумм", "цен", "destinatário", "beneficiário", "conta", "carteira", "endereço", "valor", "quantia",
  "montante", "preço", "conto", "portafoglio", "indirizzo", "importo", "somma", "prezzo",
];

// prettier-ignore
export const TOOL_GATE = [
  "tool", "function", "server", "plugin", "integration", "endpoint", "appl", "工具", "函数", "ツール", "関数", "도구",
  "함수", "herramient", "función", "outil", "werkzeug", "funktion", "инструмент", "quando", "ogni volta",
  "sempre que", "lorsque", "quand", "chaque fois", "tous les", "когда", "каждый раз", "все ", "cuando",
  "siempre que", "todas las", "alle ",
];

// prettier-ignore
export const COMMAND_GATE = [
  "command", "script", "code", "snippet", "one-liner", "shell", "terminal", "powershell", "bash", "download",
  "curl", "wget", "./", "/tmp/", "~/", "sudo", "python", "node -e", "cmd", "console", "crontab", "launchctl",
  "schtasks", "systemctl", "startup", "autostart", ".bashrc", ".zshrc", ".profile", "authorized_keys",
  "login items", "and run", "then run", "and execute", "then execute", "and install", "then install",
  "and launch", "and source", "执行", "运行", "下载", "実行", "ダウンロード", "실행", "다운로드", "ejecut", "descarga", "exécut",
  "télécharg", "führe", "herunter", "выполни", "запусти", "скачай", "execute", "baixe", "esegui", "scarica",
  "pip", "npm", "pnpm", "yarn", "gem ", "cargo", "brew", "apt", "install", "cron", "scheduled",
  "launch agent", "systemd",
];

// prettier-ignore
export const OVERRIDE_VERBS_GATE = [
  "ignor", "disregard", "forget", "overrid", "bypass", "discard", "abandon", "set aside", "follow", "drop",
  "remove", "lift", "disable", "turn off", "switch off", "deactivate",
];

// prettier-ignore
export const OVERRIDE_VOIDED_GATE = [
  "no longer", "not apply", "n't apply", "void", "suspended", "lifted", "revoked", "cancel", "obsolete",
  "invalid", "overridden", "bound by", "free", "released",
];

// prettier-ignore
export const OVERRIDE_AUTHORITY_GATE = [
  "treat", "consider", "regard", "use", "obey", "follow", "execute", "comply", "carry out", "act on",
  "precedence", "priority", "supersede", "overrid", "mode", "jailbr", "anything now", "instructions",
  "directives", "orders",
];

// prettier-ignore
export const CHAT_TEMPLATE_TOKEN_GATE = [
  "<|", "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "_of_turn>",
];

// prettier-ignore
export const REMOTE_CODE_EXECUTION_GATE = [
  "|", "powershell", "/dev/tcp", "nc ", "mkfifo", "reverse shell", "bind shell", "rm -", "chmod", "eval",
  "exec",
];

// prettier-ignore
export const SECRECY_AWARENESS_GATE = [
  "learn", "discover", "find out", "realize", "realise", "notice", "become aware", "suspect", "be told",
  "hear about", "unaware", "in the dark", "oblivious", "keep quiet", "say nothing", "not a word",
  "bring it up", "bring this up", "bring that up", "no need to",
];

// prettier-ignore
export const SECRECY_WITHHOLDING_GATE = [
  "mention", "bring", "disclos", "reveal", "acknowledg", "explain", "leave", "hide", "conceal", "cover up",
  "obscure", "disguise", "mask", "show", "display", "include", "list", "itemi", "omit", "suppress", "redact",
  "strip", "visible", "shown", "displayed", "revealed", "mentioned", "surfaced", "exposed", "as if",
  "as though", "pretend",
];

// prettier-ignore
export const HIDDEN_INSTRUCTION_BLOCK_GATE = [
  "<", "[//]", "[comment]", "{{!--", "{#", "style", "[", "【",
];

// prettier-ignore
export const DECEPTION_GATE = [
  "user", "customer", "them", "human", "operator", " as ", "用户", "usuario", "utilisateur", "benutzer",
  "nutzer", "пользовател",
];

// prettier-ignore
export const USER_CHOICE_OVERRIDE_GATE = [
  "instead of", "regardless", "no matter", "irrespective", "而不是", "不管", "ではなく", "en lugar de", "au lieu de",
  "statt", "вместо", "em vez d", "invece d",
];

// prettier-ignore
export const UNOBSERVED_TRIGGER_GATE = [
  "no one", "nobody", "no human", "not looking", "not watching", "not paying", "not present", "away", "idle",
  "asleep", "afk", "没有人", "无人", "不在", "离开", "誰も", "nadie", "personne", "niemand", "никто",
];

// prettier-ignore
export const USER_DATA_HARVESTING_GATE = [
  "user", "their", "your", "用户", "使用者", "ユーザー", "usuario", "utilisateur", "benutzer", "nutzer", "пользовател",
  "usuário", "utente",
];

// prettier-ignore
export const URL_SMUGGLING_GATE = [
  "url", "link", "image", "pixel", "img", "href", "src", "query string", "=",
];

// prettier-ignore
export const CLAIMED_CONSENT_GATE = [
  "team", "opted", "consent", "agreed", "pre-approved", "authori", "permission", "trusted", "whitelisted",
  "exempt", "同意", "授权", "批准", "autoriz", "aceptó", "accepté", "autorisé", "zugestimmt", "eingewilligt",
  "согласил", "разрешил", "concordou",
];

// prettier-ignore
export const SUPPRESS_WARNINGS_GATE = [
  "warning", "disclaimer", "caveat", "confirmation",
];

// prettier-ignore
export const SIDE_EFFECT_CHAIN_GATE = [
  "then", "after", "once", "as well", "additionally", "in addition", "also", "before",
];

// prettier-ignore
export const NOTE_TO_MODEL_GATE = [
  "model", "assistant", "ai", "llm", "agent", "claude", "note", "message", "reminder", "instruction", "memo",
  "p.s", "ps ", "dear", "hey", "attention", "hello", "hi ", "hi,", " this", "给", "致", "への", "에게", "nota",
  "hinweis", "примечание", "заметка", "сообщение",
];

// prettier-ignore
export const PERSONA_SWITCH_GATE = [
  "you are now", "you are no longer", "from now on", "pretend to be", "act as if", "roleplay", "you will act",
  "从现在", "你现在是", "今後は", "これからは", "a partir de ahora", "désormais", "ab jetzt", "отныне", "теперь ты",
  "a partir de agora", "d'ora in poi", "act as", "behave as", "respond as", "operate as", "unrestricted",
  "unfiltered", "uncensored", "jailbroken", "unlimited", "amoral",
];

// prettier-ignore
export const DELAYED_TRIGGER_GATE = [
  "after", "every", "each", "date", "time", "day", "hour", "month", "year", "clock", "weekday", "once",
  "starting", "environment", "env", "host", "machine", "os ", "user name", "username", "domain", "network",
  "company", "organi", "调用", "使用", "次", "日期", "时间", "回", "번", "회", "después", "après", "nach", "после",
  "após", "dopo",
];

// prettier-ignore
export const CONSENT_BYPASS_GATE = [
  "user", "human", "operator",
];

// prettier-ignore
export const PACKAGE_INSTALL_GATE = [
  "pip", "npm", "pnpm", "yarn", "gem ", "cargo", "brew", "apt", "choco", "winget", "bun ", "npx",
  "go install",
];
