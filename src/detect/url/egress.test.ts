import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkEgress,
  classifyHost,
  compileHostRules,
  findUrls,
  hostAllowed,
  HostRuleError,
  normalizeHost,
} from "./index.js";

test("loopback written in decimal, octal, hex, short or mapped form is refused", () => {
  for (const url of [
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://127.0.0.1./",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://localhost:8080/",
    "http://api.localhost/",
  ]) {
    const decision = checkEgress(url, {});
    assert.equal(decision.allowed, false, url);
    assert.equal(decision.reason, "private-address", url);
    assert.equal(decision.category, "loopback", url);
  }
});

test("cloud metadata endpoints are refused by address and by name", () => {
  for (const url of [
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[fd00:ec2::254]/",
    "http://metadata.google.internal./computeMetadata/v1/",
    "http://100.100.100.200/",
  ]) {
    assert.equal(checkEgress(url, {}).category, "cloud-metadata", url);
    assert.equal(hostAllowed(url, {}), false, url);
  }
});

test("private, link-local and internal names are refused unless named exactly or by CIDR", () => {
  assert.equal(checkEgress("http://10.1.2.3/", {}).reason, "private-address");
  assert.equal(checkEgress("http://10.1.2.3/", { allow: ["10.0.0.0/8"] }).allowed, true);
  assert.equal(checkEgress("http://db.internal/", { allow: ["*.internal"] }).allowed, false);
  assert.equal(checkEgress("http://db.internal/", { allow: ["db.internal"] }).allowed, true);
  assert.equal(checkEgress("http://169.254.169.254/", { allow: ["*"] }).allowed, false);
  assert.equal(checkEgress("http://[fe80::1]/", {}).category, "link-local");
});

test("the host that user info hides is the one checked", () => {
  const decision = checkEgress("http://api.github.com@169.254.169.254/", { allow: ["api.github.com"] });
  assert.equal(decision.allowed, false);
  assert.equal(decision.host, "169.254.169.254");
});

test("an authority other URL parsers read differently must be allowed under every reading", () => {
  const rules = { allow: ["api.github.com"] };
  assert.equal(checkEgress("http://api.github.com\\@127.0.0.1/", rules).reason, "ambiguous-authority");
  assert.equal(checkEgress("https://api.github.com/user", rules).allowed, true);
});

test("wildcards allow subdomains only, deny wins, and unknown hosts fail an allow list", () => {
  const rules = compileHostRules({ allow: ["*.example.com"], deny: ["secret.example.com"] });
  assert.equal(hostAllowed("https://docs.example.com/a", rules), true);
  assert.equal(hostAllowed("https://a.b.example.com/a", rules), true);
  assert.equal(checkEgress("https://example.com/", rules).reason, "not-allowed");
  assert.equal(checkEgress("https://SECRET.example.com./x", rules).reason, "denied");
  assert.equal(checkEgress("https://evil-example.com/", rules).reason, "not-allowed");
});

test("without an allow list every public host is allowed", () => {
  assert.equal(hostAllowed("https://example.org/page", {}), true);
});

test("international names are compared in punycode and trailing dots do not matter", () => {
  assert.equal(normalizeHost("Bücher.DE."), "xn--bcher-kva.de");
  assert.equal(hostAllowed("https://bücher.de/", { allow: ["xn--bcher-kva.de"] }), true);
  assert.equal(hostAllowed("https://xn--bcher-kva.de./", { allow: ["bücher.de"] }), true);
});

test("only web URLs are accepted", () => {
  assert.equal(checkEgress("file:///etc/passwd", {}).reason, "unsupported-scheme");
  assert.equal(checkEgress("gopher://example.org/", {}).reason, "unsupported-scheme");
  assert.equal(checkEgress("not a url", {}).reason, "invalid-url");
});

test("host rules that are not hosts are refused with the entry named", () => {
  assert.throws(
    () => compileHostRules({ allow: ["https://api.github.com/"] }),
    (error: unknown) => {
      assert.ok(error instanceof HostRuleError);
      assert.match(error.message, /allow\[0\] "https:\/\/api.github.com\/" must name a host/);
      return true;
    },
  );
  assert.throws(() => compileHostRules({ deny: ["ex*ample.com"] }), /deny\[0\].*only use \*/);
  assert.throws(() => compileHostRules({ allow: ["10.0.0.0/33"] }), /prefix length out of range/);
  assert.throws(() => compileHostRules({ allow: [""] }), /non-empty/);
});

test("documentation and shared ranges are not treated as public", () => {
  assert.equal(classifyHost("192.0.2.10"), "documentation");
  assert.equal(classifyHost("100.64.1.1"), "shared");
  assert.equal(classifyHost("8.8.8.8"), "public");
  assert.equal(classifyHost("[2606:4700::1111]"), "public");
});

test("URLs are collected from argument values and from text inside them", () => {
  assert.deepEqual(
    findUrls({ url: " https://a.example/x ", items: ["see http://b.example/y.", 3], note: null }),
    ["https://a.example/x", "http://b.example/y"],
  );
});
