import { redactSecrets } from "../detect/secrets/index.js";

/**
 * Masks credentials in JSON text with the secrets detector and returns the parsed result. The
 * detector reads JSON text (escaped newlines included), so assignment rules see a key next to
 * its value (`"password": "…"`).
 *
 * @example redactJsonText('{"password":"Zq8#kLm2!vR9xT4w"}') // { password: "[REDACTED:secret-assignment]" }
 */
export function redactJsonText(text: string): unknown {
  const redacted = redactSecrets(text);
  try {
    return JSON.parse(redacted) as unknown;
  } catch {
    // A match that ended inside an escape sequence broke the JSON: redact string by string
    // instead, and mask whole any string that only the JSON view showed to hold a credential.
    return redactStrings(JSON.parse(text) as unknown, redacted);
  }
}

/** Masks credentials in a plain string. */
export function redactText(text: string): string {
  return redactSecrets(text);
}

function redactStrings(value: unknown, redactedText: string): unknown {
  if (typeof value === "string") {
    const own = redactSecrets(value);
    return own !== value || redactedText.includes(JSON.stringify(value)) ? own : "[REDACTED]";
  }
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redactedText));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redactedText)]));
  }
  return value;
}
