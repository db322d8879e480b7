import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { resolveRealPath } from "./symlinks.js";

test("symlinks are followed and missing tails are kept", async (t) => {
  const base = await realpath(await mkdtemp(join(tmpdir(), "bastion-links-")));
  t.after(() => rm(base, { recursive: true, force: true }));
  await mkdir(join(base, "data"));
  await mkdir(join(base, "outside"));
  await writeFile(join(base, "outside", "secret"), "x");
  await symlink(join(base, "outside"), join(base, "data", "escape"));
  await symlink(join(base, "nowhere", "target"), join(base, "data", "dangling"));

  assert.equal(
    await resolveRealPath(join(base, "data", "escape", "secret")),
    join(base, "outside", "secret"),
  );
  assert.equal(await resolveRealPath(join(base, "data", "new", "file")), join(base, "data", "new", "file"));
  await assert.rejects(resolveRealPath(join(base, "data", "dangling")), /dangling symlink/);
});
