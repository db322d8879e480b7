import { test } from "node:test";
import assert from "node:assert/strict";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/load.js";
import { watchAdvisories } from "../../src/gateway/advisories.js";
import { silentLogger } from "../../src/log.js";
import type { AlertEvent } from "../../src/alerts/index.js";
import { fakeRegistry } from "../fixtures/vetting/fake-registry.js";

test("the running gateway raises an alert when a server's pinned package version has an advisory", async () => {
  const registry = await fakeRegistry();
  const alerts: AlertEvent[] = [];
  const config = parseConfig(
    stringify({
      store: "memory",
      servers: {
        units: { command: "npx", args: ["-y", "mcp-unit-converter@1.0.0"] },
        current: { command: "npx", args: ["-y", "mcp-unit-converter@2.1.0"] },
        local: { command: "/usr/local/bin/my-server" },
      },
    }),
    "a.yaml",
  );
  const watch = watchAdvisories(config, silentLogger(), (e) => alerts.push(e), {
    everyMs: 0,
    registry: registry.url,
    run: registry.run,
  });
  try {
    const entries = await watch.check();
    assert.deepEqual(
      entries.map((e) => e.server).sort(),
      ["current", "units"],
      "only servers launched from packages are checked",
    );
    assert.deepEqual(alerts, [
      {
        type: "package.vulnerable",
        server: "units",
        package: "mcp-unit-converter",
        version: "1.0.0",
        advisories: 1,
      },
    ]);
  } finally {
    watch.close();
    registry.close();
  }
});
