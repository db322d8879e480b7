import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyHost, compileHostPattern, hostAllowed, parseUrlHost } from "./url.js";

function hostOf(url: string): string {
  const result = parseUrlHost(url);
  assert.ok(result.ok, `expected ${url} to parse`);
  return result.host;
}

function refusal(url: unknown): string {
  const result = parseUrlHost(url);
  assert.equal(result.ok, false, `expected ${String(url)} to be refused`);
  return result.ok ? "" : result.reason;
}

test("the real host is the one after the userinfo, and userinfo is refused", () => {
  assert.match(refusal("https://example.com@evil.com/"), /credentials/);
  assert.match(refusal("https://user:pw@example.com/"), /credentials/);
});

test("IPv4 literals in any notation become dotted decimal", () => {
  for (const url of [
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://0x7f000001/",
  ]) {
    assert.equal(hostOf(url), "127.0.0.1", url);
  }
});

test("IPv6 literals become canonical and lose their brackets", () => {
  assert.equal(hostOf("http://[0:0:0:0:0:ffff:a9fe:a9fe]/"), "::ffff:a9fe:a9fe");
  assert.equal(hostOf("http://[2001:DB8::1]/"), "2001:db8::1");
});

test("host names are lower-cased, IDN-encoded and lose one trailing dot", () => {
  assert.equal(hostOf("https://EXAMPLE.com./"), "example.com");
  assert.equal(hostOf("https://Bücher.example/"), "xn--bcher-kva.example");
  assert.equal(hostOf("https://example\u3002com/"), "example.com");
  assert.equal(hostOf("https://\uff45xample.com/"), "example.com");
  assert.match(refusal("https://example.com../"), /empty label/);
});

test("backslashes, whitespace and control characters are refused before parsing", () => {
  assert.match(refusal("https://example.com\\@evil.com/"), /backslash/);
  assert.match(refusal("https://exa mple.com/"), /whitespace/);
  assert.match(refusal("https://example.com/\u0000"), /control/);
  assert.match(refusal("https://example.com/\ttab"), /whitespace/);
});

test("only web schemes are judged", () => {
  assert.match(refusal("file:///etc/passwd"), /scheme file:/);
  assert.match(refusal("javascript:alert(1)"), /scheme javascript:/);
  assert.match(refusal("gopher://example.com/"), /scheme gopher:/);
  assert.match(refusal("not a url"), /whitespace/);
  assert.match(refusal("/relative/only"), /not a valid absolute URL/);
  assert.match(refusal(7), /not a string/);
});

test("restricted hosts are classified by name and by address", () => {
  assert.equal(classifyHost("localhost"), "loopback");
  assert.equal(classifyHost("app.localhost"), "loopback");
  assert.equal(classifyHost("metadata.google.internal"), "cloud-metadata");
  assert.equal(classifyHost("169.254.169.254"), "cloud-metadata");
  assert.equal(classifyHost("[::1]"), "loopback");
  assert.equal(classifyHost("192.168.1.10"), "private");
  assert.equal(classifyHost("example.com"), undefined);
  assert.equal(classifyHost("8.8.8.8"), undefined);
});

test("host patterns are canonicalised like URL hosts", () => {
  assert.deepEqual(compileHostPattern("*.Example.COM"), { suffix: ".example.com" });
  assert.deepEqual(compileHostPattern("Bücher.example"), { exact: "xn--bcher-kva.example" });
  assert.deepEqual(compileHostPattern("0x7f.1"), { exact: "127.0.0.1" });
  assert.deepEqual(compileHostPattern("::1"), { exact: "::1" });
  assert.deepEqual(compileHostPattern("[::FFFF:127.0.0.1]"), { exact: "::ffff:7f00:1" });
});

test("malformed host patterns are errors that name the entry", () => {
  assert.throws(
    () => compileHostPattern("https://example.com/"),
    /"https:\/\/example.com\/" must be a bare host/,
  );
  assert.throws(() => compileHostPattern("ex*ample.com"), /leading "\*\."/);
  assert.throws(() => compileHostPattern("example.com:8080"), /port/);
  assert.throws(() => compileHostPattern("*.10.0.0.1"), /names, not IP addresses/);
});

test("a *. wildcard admits subdomains but never the bare domain or a restricted host", () => {
  const patterns = [compileHostPattern("*.example.com"), compileHostPattern("*.localhost")];
  assert.equal(hostAllowed(parseUrlHost("https://a.b.example.com/"), patterns), true);
  assert.equal(hostAllowed(parseUrlHost("https://example.com/"), patterns), false);
  assert.equal(hostAllowed(parseUrlHost("https://badexample.com/"), patterns), false);
  assert.equal(hostAllowed(parseUrlHost("http://app.localhost/"), patterns), false);
});

test("a restricted address is admitted only when named exactly", () => {
  const named = [compileHostPattern("169.254.169.254")];
  assert.equal(hostAllowed(parseUrlHost("http://169.254.169.254/"), named), true);
  assert.equal(hostAllowed(parseUrlHost("http://2852039166/"), named), true);
  assert.equal(hostAllowed(parseUrlHost("http://169.254.169.253/"), named), false);
});
