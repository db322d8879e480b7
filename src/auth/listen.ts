import { isLoopbackHost } from "./loopback.js";

/** The flag that lets an unauthenticated gateway listen beyond loopback. */
export const ALLOW_UNAUTHENTICATED_REMOTE_FLAG = "--allow-unauthenticated-remote";

/**
 * Startup check: a gateway without authentication may only listen on a loopback address,
 * unless the operator passes {@link ALLOW_UNAUTHENTICATED_REMOTE_FLAG}.
 * @returns warnings to print loudly at startup (empty when nothing is risky).
 * @throws explaining the three ways out when the address is reachable from elsewhere and no auth is configured.
 */
export function assertListenAllowed(
  host: string,
  authConfigured: boolean,
  allowUnauthenticatedRemote: boolean,
): { warnings: string[] } {
  if (authConfigured || isLoopbackHost(host)) return { warnings: [] };
  const where = host === "" ? "every interface" : host;
  if (!allowUnauthenticatedRemote) {
    throw new Error(
      `refusing to listen on ${where} without authentication: anyone who can reach it could use every ` +
        `upstream server. Configure auth (auth.oauth, auth.api_keys or auth.mtls), listen on 127.0.0.1, ` +
        `or pass ${ALLOW_UNAUTHENTICATED_REMOTE_FLAG} to accept the risk.`,
    );
  }
  return {
    warnings: [
      `WARNING: listening on ${where} WITHOUT AUTHENTICATION (${ALLOW_UNAUTHENTICATED_REMOTE_FLAG}). ` +
        `Anyone who can reach this address can use every upstream server as the local user.`,
    ],
  };
}
