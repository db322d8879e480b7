import { isIP } from "node:net";
import { maskValue, redactSpans, type Finding } from "../content/finding.js";
import { isIban, isPaymentCard } from "./checksums.js";

/** The kinds of personal data Bastion recognises, as they appear in `[REDACTED:<kind>]`. */
export const PII_KINDS = ["email", "phone", "payment-card", "iban", "us-ssn", "ip-address"] as const;

export type PiiKind = (typeof PII_KINDS)[number];

/** Personal data found in text; `evidence` is masked. */
export interface PiiFinding extends Finding {
  category: "pii";
  kind: PiiKind;
}

export interface PiiScanOptions {
  /** Kinds to look for; all of them when absent. */
  kinds?: readonly PiiKind[];
}

interface PiiRule {
  kind: PiiKind;
  /** A cheap test the text must pass before the pattern runs. */
  gate: (text: string) => boolean;
  pattern: RegExp;
  accept?: (value: string, text: string, start: number) => boolean;
}

const hasDigit = (text: string) => /\d/.test(text);

// Image names such as "logo@2x.png" share the shape of an address.
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|ico|css|js)$/i;

function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  if (digits.length < 8 || digits.length > 15 || /^(\d)\1+$/.test(digits)) return false;
  // Dates (2024-05-14), times and version numbers share the separators of a phone number.
  return !/^\d{4}[-./]\d{2}[-./]\d{2}/.test(value) && !/^\d{1,2}[:.]\d{2}/.test(value);
}

function isRoutableIp(value: string): boolean {
  const version = isIP(value);
  if (version === 0) return false;
  if (version === 4) return !/^(?:0\.0\.0\.0|127\.0\.0\.1|255\.255\.255\.255)$/.test(value);
  // A colon-separated run is an IPv6 address only with digits in it and more than two groups.
  return /\d/.test(value) && value.split(":").length > 3 && value !== "::1";
}

const RULES: readonly PiiRule[] = [
  {
    kind: "email",
    gate: (text) => text.includes("@"),
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
    accept: (value) => !FILE_SUFFIX.test(value),
  },
  {
    kind: "payment-card",
    gate: hasDigit,
    pattern: /(?<![\w.+-])\d(?:[ -]?\d){11,18}(?![\w]|[.,]\d)/g,
    accept: (value) =>
      /^\d+$|^\d+(?:([ -])\d+)(?:\1\d+)*$/.test(value) && isPaymentCard(value.replace(/\D/g, "")),
  },
  {
    kind: "iban",
    gate: hasDigit,
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
    accept: (value) => isIban(value.replace(/ /g, "")),
  },
  {
    kind: "us-ssn",
    gate: hasDigit,
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g,
  },
  {
    kind: "phone",
    gate: hasDigit,
    pattern:
      /(?<![\w+.-])(?:\+[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d(?:[ .]\d{2}){4})(?![\w.-]?\d)/g,
    accept: (value) => isPhone(value),
  },
  {
    kind: "ip-address",
    gate: (text) => text.includes(".") || text.includes(":"),
    pattern:
      /(?<![\w.:])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:(?<=:)(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})?)(?![\w:]|\.\d)/g,
    accept: (value) => isRoutableIp(value),
  },
];

/**
 * Finds personal data in a string. Card numbers must pass the Luhn check, IBANs their mod-97
 * check; loopback and unspecified IP addresses are not reported. Findings are sorted and never
 * overlap (an earlier kind in {@link PII_KINDS} order wins).
 *
 * @example findPii("mail jane.doe@example.org")[0].kind // "email"
 */
export function findPii(text: string, options: PiiScanOptions = {}): PiiFinding[] {
  const wanted = options.kinds ? new Set(options.kinds) : undefined;
  const findings: PiiFinding[] = [];
  for (const rule of RULES) {
    if ((wanted && !wanted.has(rule.kind)) || !rule.gate(text)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const value = match[0];
      const start = match.index;
      const end = start + value.length;
      if (rule.accept && !rule.accept(value, text, start)) continue;
      if (findings.some((other) => start < other.end && end > other.start)) continue;
      findings.push({ category: "pii", kind: rule.kind, start, end, evidence: maskValue(value) });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/**
 * Replaces personal data with `[REDACTED:<kind>]`, keeping the rest of the text intact.
 *
 * @example redactPii("call +44 20 7946 0958") // "call [REDACTED:phone]"
 */
export function redactPii(text: string, options: PiiScanOptions = {}): string {
  return redactSpans(text, findPii(text, options));
}
