export interface ServerTools { server: string; tools: unknown[] }
export type ShadowingFinding = { server: string };
export function detectShadowing(_servers: ServerTools[]): ShadowingFinding[] { return []; }
