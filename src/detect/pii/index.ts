/**
 * Personal data detection for MCP traffic: e-mail addresses, phone numbers, payment cards,
 * IBANs, US social security numbers and IP addresses. Pure: text in, findings out.
 */
export { findPii, redactPii, PII_KINDS, type PiiFinding, type PiiKind, type PiiScanOptions } from "./scan.js";
export { passesLuhn, isPaymentCard, isIban } from "./checksums.js";
