/** Recognisers for the strings that matter: credential locations, URLs and IP addresses. */

/** A family of secrets kept at a well-known location. */
export interface CredentialLocation {
  what: string;
  pattern: RegExp;
}

/** Locations whose contents let an attacker impersonate the user. Matched against `/`-joined paths. */
export const CREDENTIAL_LOCATIONS: readonly CredentialLocation[] = [
  { what: "SSH private keys", pattern: /(^|\/)\.ssh(\/|$)|(^|\/)id_(rsa|ed25519|ecdsa|dsa)(\.pub)?$/i },
  { what: "AWS credentials", pattern: /(^|\/)\.aws(\/|$)|aws\/credentials/i },
  {
    what: "Google Cloud credentials",
    pattern: /(^|\/)\.?config\/gcloud(\/|$)|application_default_credentials\.json/i,
  },
  { what: "Azure credentials", pattern: /(^|\/)\.azure(\/|$)/i },
  { what: "Kubernetes credentials", pattern: /(^|\/)\.kube\/config/i },
  { what: "Docker registry credentials", pattern: /(^|\/)\.docker\/config\.json/i },
  { what: "package registry and git tokens", pattern: /(^|\/)\.(npmrc|pypirc|netrc|git-credentials)$/i },
  { what: "GPG keys", pattern: /(^|\/)\.gnupg(\/|$)/i },
  {
    what: "browser profiles (saved passwords and cookies)",
    pattern:
      /(google\/chrome|chromium|bravesoftware\/brave-browser|microsoft\/edge|mozilla\/firefox|\.mozilla\/firefox)\/(user data|default|profiles)|(^|\/)(login data|local state|web data|logins\.json|key4\.db|cookies\.sqlite)$/i,
  },
  {
    what: "the system keychain",
    pattern: /(^|\/)keychains(\/|$)|login\.keychain|(find|dump)-(generic|internet)-password|dump-keychain/i,
  },
  {
    what: "cryptocurrency wallets",
    pattern:
      /wallet\.dat|(^|\/)\.bitcoin(\/|$)|\.ethereum\/keystore|exodus\/exodus\.wallet|electrum\/wallets/i,
  },
];

/** `.env` files hold secrets too, but many programs load their own; reported separately. */
export const DOTENV_FILE = /(^|\/)\.env(\.[a-z0-9_-]+)?$/i;

/** Which credential family a path-like string points into, if any. */
export function credentialLocationOf(path: string): CredentialLocation | undefined {
  const normalized = path.replace(/\\+/g, "/").replace(/\/+/g, "/").replace(/^~\/?/, "");
  return CREDENTIAL_LOCATIONS.find((c) => c.pattern.test(normalized));
}

export const URL_PATTERN = /\b(?:https?|wss?|ftp):\/\/[^\s"'`<>()\\{}|^]+/gi;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Whether a host is a literal IPv4 or IPv6 address. */
export function isIpAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  return IPV4.test(h) || (h.includes(":") && /^[0-9a-f:.]+$/i.test(h) && h.split(":").length >= 3);
}

/** Whether an address only reaches this machine or a private network. */
export function isLocalAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1" || h === "0.0.0.0" || h === "::") return true;
  const octets = h.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => Number.isNaN(o))) return /^(fc|fd|fe80)/.test(h);
  const [a = 0, b = 0] = octets;
  return (
    a === 127 ||
    a === 10 ||
    (a === 192 && b === 168) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 169 && b === 254)
  );
}

/** The host of a URL or `host[:port]` string, if it has one. */
export function hostOf(text: string): string | undefined {
  const trimmed = text.trim();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
      const host = new URL(trimmed).hostname;
      return host === "" ? undefined : host.replace(/^\[|\]$/g, "");
    }
  } catch {
    return undefined;
  }
  const bare = /^(\[[0-9a-f:.]+\]|[0-9.]+)(?::\d+)?$/i.exec(trimmed);
  if (bare && isIpAddress(bare[1] as string)) return (bare[1] as string).replace(/^\[|\]$/g, "");
  return undefined;
}

/** Every URL inside a piece of text. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => m[0].replace(/[.,;:]+$/, ""));
}

/** Shortens evidence for display, on one line. */
export function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
