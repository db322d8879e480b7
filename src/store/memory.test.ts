import { MemoryStore } from "./memory.js";
import { storeContract } from "./contract.suite.js";

storeContract("memory", async (clock) => new MemoryStore(() => clock.now));
