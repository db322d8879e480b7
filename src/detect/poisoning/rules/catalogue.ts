import * as action from "./actions.js";
import * as lexicon from "./lexicon.js";
import * as phrase from "./phrases.js";
import { compileRuleSet, type RuleSet, type TextRule } from "./rule.js";
import {
  AUTHORITY_GATE,
  CHAT_TEMPLATE_TOKEN_GATE,
  CLAIMED_CONSENT_GATE,
  COMMAND_GATE,
  CONSENT_BYPASS_GATE,
  CONTEXT_GATE,
  CREDENTIAL_GATE,
  DECEPTION_GATE,
  DELAYED_TRIGGER_GATE,
  DESTINATION_GATE,
  HIDDEN_INSTRUCTION_BLOCK_GATE,
  NOTE_TO_MODEL_GATE,
  OVERRIDE_AUTHORITY_GATE,
  OVERRIDE_GATE,
  OVERRIDE_VERBS_GATE,
  OVERRIDE_VOIDED_GATE,
  PACKAGE_INSTALL_GATE,
  PERSONA_SWITCH_GATE,
  REMOTE_CODE_EXECUTION_GATE,
  SECRECY_AWARENESS_GATE,
  SECRECY_GATE,
  SECRECY_WITHHOLDING_GATE,
  SENSITIVE_FILE_GATE,
  SIDE_EFFECT_CHAIN_GATE,
  STEALTH_GATE,
  SUPPRESS_WARNINGS_GATE,
  TOOL_GATE,
  TRANSACTION_GATE,
  UNOBSERVED_TRIGGER_GATE,
  URL_SMUGGLING_GATE,
  USER_CHOICE_OVERRIDE_GATE,
  USER_DATA_HARVESTING_GATE,
} from "./gates.js";

const OVERRIDE_EXPLANATION =
  "Tells the model to drop its previous or system instructions; a tool description has no reason to.";
const SECRECY_EXPLANATION =
  "Tells the model to keep something from the user, the hallmark of a hidden instruction.";

/**
 * Every text rule, strongest first. A rule id may appear more than once, each entry with its own
 * gate, so a family of phrasings only costs a scan where its own words occur. Severities are what a rule means on its own: `low` rules are
 * common in honest descriptions ("you must call this tool first") and only add weight to others.
 */
export const TEXT_RULES: TextRule[] = [
  {
    id: "instruction-override",
    severity: "critical",
    gate: OVERRIDE_VERBS_GATE,
    explanation: OVERRIDE_EXPLANATION,
    patterns: phrase.OVERRIDE_VERBS,
  },
  {
    id: "instruction-override",
    severity: "critical",
    gate: OVERRIDE_VOIDED_GATE,
    explanation: OVERRIDE_EXPLANATION,
    patterns: phrase.OVERRIDE_VOIDED,
  },
  {
    id: "instruction-override",
    severity: "critical",
    gate: OVERRIDE_AUTHORITY_GATE,
    explanation: OVERRIDE_EXPLANATION,
    patterns: phrase.OVERRIDE_AUTHORITY,
  },
  {
    id: "instruction-override",
    severity: "critical",
    gate: OVERRIDE_GATE,
    explanation: OVERRIDE_EXPLANATION,
    patterns: phrase.OVERRIDE_FOREIGN,
  },
  {
    id: "chat-template-token",
    severity: "critical",
    gate: CHAT_TEMPLATE_TOKEN_GATE,
    explanation: "Contains chat-template control tokens that forge a new system or user turn.",
    patterns: phrase.CHAT_TEMPLATE_TOKENS,
  },
  {
    id: "remote-code-execution",
    severity: "critical",
    gate: REMOTE_CODE_EXECUTION_GATE,
    explanation: "Contains a download-and-execute or destructive shell pattern.",
    patterns: action.REMOTE_CODE,
  },
  {
    id: "secrecy",
    severity: "high",
    gate: SECRECY_AWARENESS_GATE,
    explanation: SECRECY_EXPLANATION,
    patterns: phrase.SECRECY_AWARENESS,
  },
  {
    id: "secrecy",
    severity: "high",
    gate: SECRECY_WITHHOLDING_GATE,
    explanation: SECRECY_EXPLANATION,
    patterns: phrase.SECRECY_WITHHOLDING,
  },
  {
    id: "secrecy",
    severity: "high",
    gate: [...SECRECY_GATE, ...STEALTH_GATE],
    explanation: SECRECY_EXPLANATION,
    patterns: [...phrase.SECRECY_TOWARD_USER, ...phrase.SECRECY_FOREIGN],
    together: { groups: [lexicon.STEALTH_WORDS, lexicon.ACTION_VERBS], window: 40 },
  },
  {
    id: "fake-system-message",
    severity: "high",
    gate: AUTHORITY_GATE,
    explanation: "Impersonates a system, developer or vendor message, or pretends the description has ended.",
    patterns: phrase.FAKE_AUTHORITY,
  },
  {
    id: "hidden-instruction-block",
    severity: "high",
    gate: HIDDEN_INSTRUCTION_BLOCK_GATE,
    explanation: "Wraps text in a tag, comment or style that hides it from people but not from the model.",
    patterns: phrase.HIDDEN_BLOCKS,
  },
  {
    id: "sensitive-file-access",
    severity: "high",
    gate: SENSITIVE_FILE_GATE,
    explanation:
      "Asks for a file that holds keys or credentials (SSH keys, cloud credentials, .env, MCP config).",
    together: { groups: [lexicon.SENSITIVE_FILES, lexicon.HARVEST_VERBS], window: 80 },
  },
  {
    id: "credential-harvesting",
    severity: "high",
    gate: CREDENTIAL_GATE,
    explanation: "Asks the model to collect or pass on passwords, keys, tokens or other secrets.",
    patterns: lexicon.BULK_SECRETS,
    together: { groups: [lexicon.CREDENTIALS, lexicon.HARVEST_SECRETS_VERBS], window: 50 },
  },
  {
    id: "exfiltration",
    severity: "high",
    gate: DESTINATION_GATE,
    explanation: "Tells the model to send data to an address or URL the user did not choose.",
    patterns: [/!\[[^\]]*\]\(https?:\/\/[^)\s]*[?&][\w-]+=/],
    together: { groups: [lexicon.DESTINATIONS, lexicon.SEND_VERBS, lexicon.DATA_OBJECTS], window: 100 },
  },
  {
    id: "context-harvesting",
    severity: "high",
    gate: CONTEXT_GATE,
    explanation:
      "Asks the model to hand over the conversation, its system prompt or other tools' results, which a tool never needs.",
    together: { groups: [lexicon.CONVERSATION_CONTEXT, lexicon.INCLUDE_VERBS], window: 80 },
  },
  {
    id: "transaction-tampering",
    severity: "high",
    gate: TRANSACTION_GATE,
    explanation: "Changes recipients, accounts or amounts behind the user's back.",
    patterns: action.TRANSACTION_TAMPERING,
  },
  {
    id: "command-execution",
    severity: "high",
    gate: COMMAND_GATE,
    explanation:
      "Tells the model to run a command, script or download, or to persist something on the machine.",
    patterns: action.RUN_COMMAND,
  },
  {
    id: "tool-behaviour-override",
    severity: "high",
    gate: TOOL_GATE,
    explanation: "Tries to change how other tools behave, the mark of tool shadowing.",
    patterns: action.TOOL_STEERING,
  },
  {
    id: "deception",
    severity: "high",
    gate: DECEPTION_GATE,
    explanation: "Tells the model to mislead the user about what happens.",
    patterns: phrase.DECEPTION,
  },
  {
    id: "user-choice-override",
    severity: "high",
    gate: USER_CHOICE_OVERRIDE_GATE,
    explanation:
      "Replaces what the user chose (recipient, amount, channel, destination) with something else.",
    patterns: phrase.USER_CHOICE_OVERRIDE,
  },
  {
    id: "unobserved-trigger",
    severity: "high",
    gate: UNOBSERVED_TRIGGER_GATE,
    explanation:
      "Waits until nobody is watching, which only makes sense for something the user would object to.",
    patterns: action.UNOBSERVED_TRIGGER,
  },
  {
    id: "user-data-harvesting",
    severity: "high",
    gate: USER_DATA_HARVESTING_GATE,
    explanation:
      "Asks the model to put the user's own data (mail, contacts, files, location...) into an argument.",
    together: {
      groups: [
        lexicon.USER_DATA,
        lexicon.ARGUMENT_SLOTS,
        [...lexicon.INCLUDE_VERBS, ...lexicon.HARVEST_VERBS],
      ],
      window: 90,
    },
  },
  {
    id: "url-smuggling",
    severity: "high",
    gate: URL_SMUGGLING_GATE,
    explanation:
      "Asks the model to put conversation data or secrets into a link, which leaks them when fetched or rendered.",
    together: {
      groups: [
        lexicon.URL_CARRIERS,
        lexicon.ENCODE_VERBS,
        [
          ...lexicon.SMUGGLED_DATA,
          ...lexicon.CONVERSATION_CONTEXT,
          ...lexicon.USER_DATA,
          ...lexicon.CREDENTIALS,
        ],
      ],
      window: 80,
    },
  },
  {
    id: "tool-disparagement",
    severity: "medium",
    gate: TOOL_GATE,
    explanation: "Runs down another tool so the model stops using it.",
    patterns: action.TOOL_DISPARAGEMENT,
  },
  {
    id: "claimed-consent",
    severity: "medium",
    gate: CLAIMED_CONSENT_GATE,
    explanation: "Claims the user or an authority already agreed, to talk the model out of asking.",
    patterns: phrase.CLAIMED_CONSENT,
  },
  {
    id: "suppress-warnings",
    severity: "medium",
    gate: SUPPRESS_WARNINGS_GATE,
    explanation: "Tells the model to leave out warnings or confirmations.",
    patterns: phrase.SUPPRESS_WARNINGS,
  },
  {
    id: "side-effect-chain",
    severity: "medium",
    gate: SIDE_EFFECT_CHAIN_GATE,
    explanation: "Chains another tool call that moves or changes data onto this tool's use.",
    patterns: action.SIDE_EFFECT_CHAIN,
  },
  {
    id: "note-to-model",
    severity: "medium",
    gate: NOTE_TO_MODEL_GATE,
    explanation: "Addresses the model directly with a note or greeting instead of describing the tool.",
    patterns: phrase.NOTE_TO_MODEL,
  },
  {
    id: "persona-switch",
    severity: "medium",
    gate: PERSONA_SWITCH_GATE,
    explanation: "Tries to change who the model is or how it behaves from now on.",
    patterns: phrase.PERSONA_SWITCH,
  },
  {
    id: "delayed-trigger",
    severity: "medium",
    gate: DELAYED_TRIGGER_GATE,
    explanation:
      "Makes behaviour depend on a count, a date or the environment, a way to pass review and strike later.",
    patterns: action.DELAYED_TRIGGER,
  },
  {
    id: "consent-bypass",
    severity: "medium",
    gate: CONSENT_BYPASS_GATE,
    explanation: "Tells the model to act without asking or showing the user.",
    patterns: phrase.CONSENT_BYPASS,
  },
  {
    id: "sensitive-file",
    severity: "medium",
    gate: SENSITIVE_FILE_GATE,
    explanation: "Names a file that holds keys or credentials.",
    patterns: lexicon.KEY_FILES,
  },
  {
    id: "package-install",
    severity: "low",
    gate: PACKAGE_INSTALL_GATE,
    explanation: "Contains a package installation command.",
    patterns: action.PACKAGE_INSTALL,
  },
  {
    id: "conversation-context",
    severity: "low",
    gate: CONTEXT_GATE,
    explanation: "Mentions the conversation history or system prompt.",
    patterns: lexicon.CONVERSATION_CONTEXT,
  },
  {
    id: "credential-mention",
    severity: "low",
    gate: CREDENTIAL_GATE,
    explanation: "Mentions passwords, keys or other secrets.",
    patterns: lexicon.CREDENTIALS,
  },
  {
    id: "model-directed",
    severity: "low",
    explanation: "Gives the model orders rather than describing what the tool does.",
    patterns: lexicon.MODEL_ADDRESS,
  },
  {
    id: "conditional-trigger",
    severity: "low",
    explanation: "Makes behaviour depend on what the user says.",
    patterns: action.CONDITIONAL_TRIGGER,
  },
  {
    id: "cross-tool-instruction",
    severity: "low",
    gate: TOOL_GATE,
    explanation: "Tells the model to call another tool.",
    patterns: action.CALL_OTHER_TOOL,
  },
];

/** The rules that can make a verdict on their own (medium and above), compiled once. */
export const DECISIVE_RULES: RuleSet = compileRuleSet(TEXT_RULES.filter((rule) => rule.severity !== "low"));

/**
 * The low rules, compiled once. They only corroborate, so they are run only when something else
 * already looks suspicious; a clean definition costs less.
 */
export const CORROBORATING_RULES: RuleSet = compileRuleSet(
  TEXT_RULES.filter((rule) => rule.severity === "low"),
);
