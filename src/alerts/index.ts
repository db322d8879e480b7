/** Alerts for unusual behaviour, to the log and a webhook, de-duplicated and rate limited. */
export { createAlerter } from "./alerter.js";
export type { Alerter, AlerterOptions, AlertLogger } from "./alerter.js";
export type { Alert, AlertEvent, AlertType } from "./events.js";
export { webhookBody } from "./webhook.js";
export type { WebhookTarget } from "./webhook.js";
export { alertsConfigSchema } from "./config.js";
export type { AlertsConfig } from "./config.js";
