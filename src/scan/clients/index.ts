/**
 * MCP client configs on this machine: where they are, what servers they declare, and what those
 * servers expose when Bastion connects to them as a client.
 */
export { discoverClientConfigs, readConfigFile } from "./discover.js";
export { parseClientConfig } from "./formats.js";
export { CLIENT_CATALOG, configLocations, type ConfigLocation, type LocationContext } from "./locations.js";
export { connectAndList, scrubbedEnvironment, ServerConnectError, type ServerSnapshot } from "./connect.js";
export { launchKeyOf, scanServers, type ScanProgress, type ServerScanResult } from "./scan-servers.js";
export type { ClientConfig, ConfigFormat, Platform, ServerConfig, ServerTransport } from "./types.js";
