/**
 * Prompt-injection handling for content that tools return: detect instructions aimed at the
 * model, strip what hides text from people, neutralise exfiltration links, and mark untrusted
 * text. Pure: text in, text and findings out.
 */
export {
  detectInjection,
  type InjectionFinding,
  type InjectionOptions,
  type InjectionReport,
} from "./detect.js";
export { sanitizeUntrustedText, type SanitizedText } from "./sanitize.js";
export { neutralizeExfiltrationLinks, urlCarriesData } from "./markdown.js";
export { annotateUntrusted } from "./annotate.js";
export { INJECTION_RULES, INJECTION_THRESHOLD, INJECTION_WEIGHT } from "./catalogue.js";
export { INJECTION_CUES } from "./passages.js";
