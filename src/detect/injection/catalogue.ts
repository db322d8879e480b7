import * as action from "../poisoning/rules/actions.js";
import {
  CONTEXT_GATE,
  CREDENTIAL_GATE,
  SENSITIVE_FILE_GATE,
  STEALTH_GATE,
} from "../poisoning/rules/gates.js";
import * as lexicon from "../poisoning/rules/lexicon.js";
import * as phrase from "../poisoning/rules/phrases.js";
import { compileRuleSet, type RuleSet, type TextRule } from "../poisoning/rules/rule.js";
import type { Severity } from "../poisoning/types.js";
import * as content from "./phrases.js";

/**
 * How much one rule counts towards flagging a passage. A passage is flagged at 1: one critical
 * rule, two high ones, or a high one with two lesser ones. Each rule counts once per passage.
 */
export const INJECTION_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 1,
  high: 0.55,
  medium: 0.35,
  low: 0.15,
};

/** Score at which a passage counts as an injection. */
export const INJECTION_THRESHOLD = 1;

// The shared lexicon puts English first in every list; English sending verbs are replaced here by
// imperative forms only, so "the request is re-sent" in a code comment does not count.
const [, ...FOREIGN_SEND_VERBS] = lexicon.SEND_VERBS;
const SEND_OR_SHARE: RegExp[] = [
  ...content.SEND_NOW,
  ...FOREIGN_SEND_VERBS,
  /\b(?:reply with|respond with|publish|reveal|disclose)\b/,
];
const PRIVATE_DATA: RegExp[] = [
  ...lexicon.CONVERSATION_CONTEXT,
  ...lexicon.CREDENTIALS,
  ...lexicon.SENSITIVE_FILES,
  ...content.USER_DATA,
];

/**
 * The rules that judge whether a passage of a tool result, resource or prompt speaks to the model.
 * Shares the vocabulary and rule engine of the tool-poisoning detector; severities are set for
 * content, where instructions for people are normal and instructions for the model are not.
 */
export const INJECTION_RULES: TextRule[] = [
  {
    id: "instruction-override",
    severity: "critical",
    explanation: "Tells the model to drop its instructions or take on a new task.",
    patterns: [...phrase.OVERRIDE_VERBS, ...phrase.OVERRIDE_FOREIGN, ...content.CONTENT_OVERRIDE],
  },
  {
    // Claims of precedence, "new instructions:", and the jailbreak vocabulary that articles about
    // AI discuss openly: strong, but not enough alone in content written for people.
    id: "override-authority",
    severity: "high",
    explanation: "Claims its text takes precedence over the model's instructions.",
    patterns: phrase.OVERRIDE_AUTHORITY,
  },
  {
    // "Previous instructions no longer apply" is also how a migration guide speaks to its reader.
    id: "override-voided",
    severity: "medium",
    explanation: "Declares the model's rules void.",
    patterns: phrase.OVERRIDE_VOIDED,
  },
  {
    id: "chat-template-token",
    severity: "critical",
    gate: ["<|", "[inst]", "[/inst]", "<<sys>>", "<</sys>>", "_of_turn>"],
    explanation: "Contains chat-template control tokens that forge a new system or user turn.",
    patterns: phrase.CHAT_TEMPLATE_TOKENS,
  },
  {
    id: "addressed-to-model",
    severity: "critical",
    explanation: 'Speaks to the AI reading the content ("note to AI models", "if you are an AI").',
    patterns: [...content.ADDRESSED_TO_MODEL, ...phrase.NOTE_TO_MODEL],
  },
  {
    id: "ai-mention",
    severity: "critical",
    explanation: "Mentions an AI with @, an instruction to the model from someone other than its user.",
    patterns: content.AI_MENTION,
  },
  {
    id: "context-boundary",
    severity: "critical",
    explanation: "Declares the content over and forges a new conversation turn after it.",
    patterns: content.CONTEXT_BOUNDARY,
  },
  {
    id: "loose-override",
    severity: "high",
    explanation: "Tells the model to ignore a set of guidelines or rules.",
    patterns: content.LOOSE_OVERRIDE,
  },
  {
    id: "ai-vocative",
    severity: "high",
    explanation: 'Calls on an AI by name ("AI:", "Claude,", "@copilot").',
    patterns: content.AI_VOCATIVE,
  },
  {
    id: "processing-directive",
    severity: "high",
    explanation: "Gives directions for when the model summarises or processes this very content.",
    patterns: content.PROCESSING_DIRECTIVE,
  },
  {
    id: "authority-header",
    severity: "high",
    explanation: "Opens with a system, administrator or vendor header.",
    patterns: content.AUTHORITY_HEADER,
  },
  {
    id: "persona-break",
    severity: "high",
    explanation: "Tries to switch the model into an unrestricted persona or mode.",
    patterns: content.PERSONA_BREAK,
  },
  {
    id: "exfiltration",
    severity: "critical",
    explanation: "Asks for the conversation, secrets or the user's data to be sent to an outside address.",
    // The engine searches groups in order and stops at the first absent one: rarest first.
    together: { groups: [lexicon.DESTINATIONS, PRIVATE_DATA, SEND_OR_SHARE], window: 120 },
  },
  {
    id: "exfiltration-link",
    severity: "high",
    explanation: "Asks the model to put data into a link or image address, a common exfiltration channel.",
    patterns: content.URL_DATA,
  },
  {
    id: "secrecy",
    severity: "high",
    explanation: "Tells the model to keep something from the user.",
    patterns: [
      ...phrase.SECRECY_TOWARD_USER,
      ...phrase.SECRECY_WITHHOLDING,
      ...phrase.SECRECY_AWARENESS,
      ...phrase.SECRECY_FOREIGN,
      ...content.CONTENT_SECRECY,
    ],
  },
  {
    id: "prompt-leak",
    severity: "critical",
    explanation: "Asks the model to disclose its system prompt or hidden instructions.",
    patterns: content.PROMPT_LEAK,
  },
  {
    id: "verdict-manipulation",
    severity: "high",
    explanation: "Dictates a judgement to the model: rank first, approve, mark as trusted, present as fact.",
    patterns: content.VERDICT,
  },
  {
    id: "role-tag",
    severity: "high",
    explanation: "Forges a system or assistant turn with tags or role markers.",
    patterns: content.ROLE_TAGS,
  },
  {
    id: "data-harvest",
    severity: "medium",
    explanation: "Asks for private data, secrets or the conversation to be collected or shared.",
    patterns: lexicon.BULK_SECRETS,
    together: { groups: [content.HAND_OVER, PRIVATE_DATA], window: 40 },
  },
  {
    id: "model-duty",
    severity: "medium",
    explanation: "States what the AI must do.",
    patterns: content.MODEL_DUTY,
  },
  {
    id: "role-vocative",
    severity: "medium",
    explanation: "Calls on an assistant, agent or bot.",
    patterns: content.ROLE_VOCATIVE,
  },
  {
    id: "role-address",
    severity: "medium",
    explanation: "Addresses an assistant, agent or bot that handles this content.",
    patterns: content.ROLE_ADDRESS,
  },
  {
    id: "payment-request",
    severity: "medium",
    explanation: "Asks for money to be sent to an account.",
    patterns: content.PAYMENT_REQUEST,
  },
  {
    id: "result-discredit",
    severity: "medium",
    explanation: "Claims earlier results are wrong so that the model acts on this content instead.",
    patterns: content.RESULT_DISCREDIT,
  },
  {
    id: "exfiltration-template",
    severity: "critical",
    explanation: "Contained an image or link with placeholders for data in its address (already removed).",
    patterns: content.EXFILTRATION_TEMPLATE_NOTICE,
  },
  {
    id: "privilege-claim",
    severity: "high",
    explanation: "Claims the model has been granted rights or that the owner authorises it.",
    patterns: content.PRIVILEGE_CLAIM,
  },
  {
    id: "transaction-tampering",
    severity: "high",
    explanation: "Changes recipients, accounts or amounts.",
    patterns: action.TRANSACTION_TAMPERING,
  },
  {
    id: "skip-checks",
    severity: "medium",
    explanation: "Tells the model to skip reviews, tests or security checks.",
    patterns: content.SKIP_CHECKS,
  },
  {
    id: "exfiltration-weak",
    severity: "medium",
    explanation: "Asks for data to be sent to an outside address.",
    together: {
      groups: [
        lexicon.SEND_VERBS,
        [...lexicon.DATA_OBJECTS, ...content.WORK_DOCUMENTS],
        lexicon.DESTINATIONS,
      ],
      window: 100,
    },
  },
  {
    id: "exfiltration-link-removed",
    severity: "medium",
    explanation: "Contained an image or link whose address carried data (already removed).",
    patterns: content.EXFILTRATION_NOTICE,
  },
  {
    id: "output-steering",
    severity: "medium",
    explanation: "Tells the model what to say in its answer or summary.",
    patterns: content.OUTPUT_STEERING,
  },
  {
    id: "consent-bypass",
    severity: "medium",
    explanation: "Tells the model to act without asking or showing the user.",
    patterns: [...phrase.CONSENT_BYPASS, ...content.CONTENT_CONSENT],
  },
  {
    id: "stealth",
    severity: "medium",
    gate: STEALTH_GATE,
    explanation: "Asks for an action to happen silently or in the background.",
    together: { groups: [lexicon.STEALTH_WORDS, lexicon.ACTION_VERBS], window: 40 },
  },
  {
    id: "persona-switch",
    severity: "medium",
    explanation: "Tries to change who the model is or how it behaves from now on.",
    patterns: phrase.PERSONA_SWITCH,
  },
  {
    id: "fake-system-message",
    severity: "medium",
    explanation: "Impersonates a system, developer or vendor message.",
    patterns: phrase.FAKE_AUTHORITY,
  },
  {
    id: "sensitive-file-access",
    severity: "medium",
    gate: SENSITIVE_FILE_GATE,
    explanation: "Asks for a file that holds keys or credentials.",
    together: { groups: [lexicon.HARVEST_VERBS, lexicon.SENSITIVE_FILES], window: 80 },
  },
  {
    id: "context-harvesting",
    severity: "medium",
    gate: CONTEXT_GATE,
    explanation: "Asks the model to hand over the conversation or its instructions.",
    together: { groups: [lexicon.INCLUDE_VERBS, lexicon.CONVERSATION_CONTEXT], window: 80 },
  },
  {
    id: "command-execution",
    severity: "medium",
    explanation: "Tells the model to run a command, script or download.",
    patterns: [
      ...action.RUN_COMMAND,
      ...action.REMOTE_CODE,
      ...content.DECODE_AND_FOLLOW,
      ...content.INSTALL_FROM_URL,
    ],
  },
  {
    id: "tool-call",
    severity: "low",
    explanation: "Tells the model to call a tool.",
    patterns: action.CALL_OTHER_TOOL,
  },
  {
    id: "destructive-action",
    severity: "low",
    explanation: "Asks for data to be deleted in bulk.",
    patterns: content.DESTRUCTIVE,
  },
  {
    id: "pretext",
    severity: "low",
    explanation: "Claims the action is already approved, to talk the model out of asking.",
    patterns: content.PRETEXT,
  },
  {
    id: "hidden-block",
    severity: "low",
    explanation: "Sits in a comment or styled element that people do not see.",
    patterns: phrase.HIDDEN_BLOCKS,
  },
  {
    id: "credential-mention",
    severity: "low",
    gate: CREDENTIAL_GATE,
    explanation: "Mentions passwords, keys or other secrets.",
    patterns: lexicon.CREDENTIALS,
  },
];

/** {@link INJECTION_RULES}, compiled once. */
export const COMPILED_INJECTION_RULES: RuleSet = compileRuleSet(INJECTION_RULES);
