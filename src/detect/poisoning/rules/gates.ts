/**
 * Prefilters for the text rules: for each rule, fragments of which at least one must occur for
 * any of its patterns to match. `String.includes` on a handful of fragments costs far less than
 * running dozens of alternations, and most descriptions pass no gate of the strong rules.
 * The rule tests check that every corpus payload a rule matches also passes its gate.
 */

export const OVERRIDE_GATE = [
  "ignor", "disregard", "forget", "overrid", "bypass", "discard", "abandon", "set aside", "follow", "precedence",
  "priority", "supersede", "mode", "jailbr", "anything now", "instructions", "directives", "orders", "忽略", "无视",
  "忽视", "理会", "忘记", "忘掉", "無視", "忘れ", "무시", "잊", "olvid", "descarta", "omite", "oubli", "néglig",
  "vergiss", "vergessen", "missachte", "игнорир", "забуд", "не обращай", "esqueç", "esquec", "desconsidere",
  "dimentica", "trascura",
];

export const SECRECY_GATE = [
  "user", "human", "operator", "person", "customer", "owner", "anyone", "them", "client", "secret", "confidential",
  "hidden", "private", "to yourself", "between us", "under wraps", "only", "respon", "repl", "answer", "output",
  "summar", "chat", "conversation", "log", "explanation", "as if", "as though", "pretend", "用户", "使用者", "对方",
  "任何人", "ユーザー", "気づかれ", "사용자", "usuario", "nadie", "cliente", "nada", "utilisateur", "personne",
  "rien", "benutzer", "nutzer", "anwender", "пользовател", "usuário", "utilizador", "ninguém", "utente", "nessuno",
  "nulla", "niente",
];

export const STEALTH_GATE = [
  "secret", "covert", "surreptitious", "stealth", "discreet", "quiet", "silent", "invisib", "background",
  "behind the scenes", "trace", "without any", "悄悄", "偷偷", "秘密", "暗中", "默默", "静默", "后台", "こっそり",
  "密か", "ひそか", "黙って", "バックグラウンド", "몰래", "비밀리", "은밀", "조용히", "escondidas", "silencios",
  "discreta", "segundo plano", "discrètement", "en secret", "arrière-plan", "heimlich", "unbemerkt", "still und leise",
  "hintergrund", "тайно", "втайне", "незаметно", "скрытно", "тихо", "в фоне", "nascosto",
];

export const AUTHORITY_GATE = [
  "system", "developer", "administrator", "sysadmin", "openai", "anthropic", "claude", "assistant", "admin", "root",
  "security", "compliance", "platform", "operator", "it ", "ai ", " from ", "end of", "</", "begin", "start", "系统", "管理员",
  "开发者", "システム", "管理者", "開発者", "시스템", "관리자", "개발자", "mensaje", "aviso", "instrucción", "nota del",
  "message du", "message de l", "note système", "nachricht", "hinweis", "anweisung", "системн", "служебн",
  "сообщение от", "mensagem", "messaggio",
];

export const SENSITIVE_FILE_GATE = [
  ".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "authorized_keys", ".aws", ".netrc", ".npmrc", ".pypirc",
  ".git-credentials", ".docker", ".kube", "kubeconfig", "/etc/", "_history", "claude_desktop_config", "mcp.json",
  ".cursor", "login data", "cookies.sqlite", "keychain", ".gnupg", "wallet.dat", "keystore", "gcloud",
  "application_default_credentials", "credentials.json", "secret", ".tfstate", ".htpasswd", ".pgpass", ".my.cnf",
  "shadow file", ".env",
];

export const CREDENTIAL_GATE = [
  "password", "passphrase", "passcode", "api", "token", "secret", "private", "credential", "cookie", "seed",
  "mnemonic", "recovery", "2fa", "otp", "one-time", "one time", "ssh", "gpg", "signing key", "environment variable",
  "env var", "social security", "credit card", "cvv", "bank", "login detail", "keys", "密码", "口令", "密钥", "私钥",
  "令牌", "凭证", "凭据", "助记词", "环境变量", "信用卡", "身份证", "银行卡", "パスワード", "秘密鍵", "認証情報",
  "トークン", "環境変数", "クッキー", "キー", "クレジット", "비밀번호", "암호", "자격", "토큰", "개인 키", "키",
  "환경 변수", "신용카드", "contraseña", "credencial", "clave", "variables de entorno", "frase semilla", "tarjeta",
  "mot de passe", "mots de passe", "identifiants", "clé", "jeton", "variables d'environnement", "carte", "passw",
  "kennw", "zugangsdaten", "anmeldedaten", "schlüssel", "umgebungsvariablen", "kreditkart", "парол", "ключ",
  "токен", "учетн", "учётн", "переменн", "сид", "банковск", "senha", "credenciais", "chave", "variáveis de ambiente",
  "frase semente", "cartão", "cartões", "credenziali", "chiav", "variabili d'ambiente", "carta",
];

export const DESTINATION_GATE = [
  "://", "@", "pastebin", "ngrok", "requestbin", "webhook.site", "burpcollaborator", "interact.sh", "pipedream",
  "requestcatcher", "trycloudflare", "transfer.sh", "discord", "telegram", "0.", "1.", "2.", "3.", "4.", "5.", "6.",
  "7.", "8.", "9.",
];

export const CONTEXT_GATE = [
  "conversation", "chat", "dialog", "session", "interaction", "messages", "turns", "prompts", "exchanges", "context",
  "transcript", "history", "system prompt", "instructions", "hidden prompt", "initial prompt", "guidelines",
  "configuration", "memory", "rules", "everything", "result", "output", "response", "content", "text of", "body of",
  "private", "personal", "confidential", "对话", "聊天", "系统提示", "之前的", "所有", "完整", "其他工具", "会話",
  "チャット", "システムプロンプト", "これまで", "全て", "대화", "이전 메시지", "시스템 프롬프트", "historial", "mensajes",
  "conversación", "prompt del sistema", "instrucciones del sistema", "historique", "prompt système",
  "invite système", "instructions système", "verlauf", "nachrichten", "unterhaltung", "konversation", "gespräch",
  "system-prompt", "systemprompt", "systemanweisungen", "истори", "сообщения", "переписку", "диалог", "разговор",
  "системн", "histórico", "mensagens", "conversa", "prompt do sistema", "instruções do sistema", "cronologia",
  "messaggi", "conversazione", "prompt di sistema", "istruzioni di sistema",
];

export const TRANSACTION_GATE = [
  "recipient", "receiver", "payee", "beneficiar", "destination", "address", "iban", "account", "wallet", "routing",
  "payment", "deposit", "send", "transfer", "pay", "wire", "remit", "amount", "price", "total", "fee", "quantity",
  "sum", "charge", "invoice", "order", "%", "percent", "regardless", "bcc", "blind", "cc", "收款", "收件", "账户",
  "钱包", "地址", "金额", "抄送", "密送", "宛先", "受取人", "送金", "振込", "金額", "수신자", "받는 사람", "계좌", "지갑",
  "금액", "destinatari", "beneficiari", "cuenta", "cartera", "dirección", "importe", "monto", "cantidad", "precio",
  "destinataire", "bénéficiaire", "compte", "portefeuille", "adresse", "montant", "somme", "prix", "empfänger",
  "begünstigt", "konto", "betrag", "summe", "preis", "получател", "счет", "счёт", "кошел", "адрес", "сумм", "цен",
  "destinatário", "beneficiário", "conta", "carteira", "endereço", "valor", "quantia", "montante", "preço", "conto",
  "portafoglio", "indirizzo", "importo", "somma", "prezzo",
];

export const TOOL_GATE = [
  "tool", "function", "server", "plugin", "integration", "endpoint", "appl", "工具", "函数", "ツール", "関数", "도구",
  "함수", "herramient", "función", "outil", "werkzeug", "funktion", "инструмент", "quando", "ogni volta",
  "sempre que", "lorsque", "quand", "chaque fois", "tous les", "когда", "каждый раз", "все ", "cuando", "siempre que",
  "todas las", "alle ",
];

export const COMMAND_GATE = [
  "command", "script", "code", "snippet", "one-liner", "shell", "terminal", "powershell", "bash", "download", "curl",
  "wget", "./", "/tmp/", "~/", "sudo", "python", "node -e", "cmd", "console", "crontab", "launchctl", "schtasks",
  "systemctl", "startup", "autostart", ".bashrc", ".zshrc", ".profile", "authorized_keys", "login items", "and run",
  "then run", "and execute", "then execute", "and install", "then install", "and launch", "and source", "执行", "运行",
  "下载", "実行", "ダウンロード", "실행", "다운로드", "ejecut", "descarga", "exécut", "télécharg", "führe", "herunter",
  "выполни", "запусти", "скачай", "execute", "baixe", "esegui", "scarica",
];
