import type { NormalizationFinding } from "../../text/index.js";
import type { Finding, Severity } from "../types.js";

function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? text.slice(0, 119) + "…" : text);
}

/** Turns what normalisation had to undo in one string into findings at that string's path. */
export function normalizationFindings(path: string, found: NormalizationFinding[]): Finding[] {
  return found.map((item): Finding => {
    const at = (
      rule: string,
      severity: Severity,
      explanation: string,
      evidence = item.evidence,
    ): Finding => ({
      rule,
      severity,
      path,
      evidence,
      explanation,
    });
    switch (item.kind) {
      case "unicode-tags":
        return item.decoded
          ? at(
              "hidden-characters",
              "critical",
              "Invisible Unicode tag characters spell out hidden text.",
              `${item.evidence}; hidden text ${quote(item.decoded)}`,
            )
          : at("hidden-characters", "high", "Invisible Unicode tag characters are present.");
      case "variation-selectors":
        if (item.decoded) {
          return at(
            "hidden-characters",
            "critical",
            "A run of variation selectors encodes hidden bytes.",
            `${item.evidence}; hidden text ${quote(item.decoded)}`,
          );
        }
        return at(
          "hidden-characters",
          item.count >= 4 ? "medium" : "low",
          "Variation selectors with no visible purpose are present.",
        );
      case "zero-width":
        return at(
          "invisible-characters",
          item.count >= 3 ? "medium" : "low",
          "Zero-width characters can hide or split words so reviewers and filters miss them.",
        );
      case "bidi-controls":
        return /U\+20(?:2[A-E]|6[6-9])/.test(item.evidence)
          ? at(
              "bidi-control",
              "high",
              "Bidirectional override characters make the text display in a different order than the model reads it.",
            )
          : at("bidi-control", "low", "Directional marks in left-to-right text.");
      case "control-characters":
        return at(
          "control-characters",
          "medium",
          "Control characters have no place in a definition and can hide text in terminals.",
        );
      case "terminal-escapes":
        return item.decoded || /conceal/.test(item.evidence)
          ? at(
              "terminal-escape",
              "critical",
              "Terminal escape sequences conceal text from a person reviewing in a terminal.",
              `${item.evidence}${item.decoded ? `; concealed text ${quote(item.decoded)}` : ""}`,
            )
          : at("terminal-escape", "high", "Terminal escape sequences can rewrite what a reviewer sees.");
      case "homoglyphs":
        return at(
          "homoglyphs",
          "medium",
          "Words mix look-alike letters from other scripts, a way to slip keywords past filters.",
        );
      case "compatibility-forms":
        return at("styled-characters", "low", "Fullwidth or mathematical letters stand in for plain ones.");
      default:
        return at(
          "encoded-text",
          "low",
          `A ${item.kind} run decodes to readable text, which was analysed too.`,
          `${quote(item.evidence)} decodes to ${quote(item.decoded ?? "")}`,
        );
    }
  });
}
