/** Definition identity: canonical JSON, SHA-256 hashes, readable diffs and a hash-keyed cache. */
export { canonicalJson, definitionHash, sha256Hex, CanonicalJsonError } from "./canonical.js";
export { diffDefinitions } from "./diff.js";
export { createDefinitionCache, type DefinitionCache } from "./cache.js";
