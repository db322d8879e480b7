import assert from "node:assert/strict";
import { test } from "node:test";
import type { Principal } from "../auth/principal.js";
import { decide, explain } from "./engine.js";
import { parsePolicy } from "./load.js";
import type { PolicyRequest } from "./request.js";
import type { Effect } from "./schema.js";

const policy = parsePolicy(
  String.raw`
default: deny
rules:
  - id: alice-reads-data
    effect: allow
    principals: { subjects: [alice] }
    tools: ["fs__read_file", "fs__list_*"]
    args:
      path: { path_under: /srv/data }
  - id: alice-reads-many
    effect: allow
    principals: { subjects: [alice] }
    tools: ["fs__read_multiple_files"]
    args:
      paths: { path_under: /srv/data }
  - id: mail-inside-only
    effect: allow
    principals: { groups: [staff] }
    tools: ["mail__send"]
    args:
      to: { pattern: '^[^@]+@example\.com$' }
    rate: { calls: 20, per_seconds: 3600 }
  - id: no-deletes
    effect: deny
    tools: ["*__delete_*"]
  - id: fetch-known-hosts
    effect: allow
    principals: { roles: [researcher] }
    tools: ["web__fetch"]
    args:
      url: { url_host_in: ["example.com", "*.wikipedia.org", "10.0.0.5"] }
  - id: admins-approve-srv-writes
    effect: approve
    principals: { groups: [admins] }
    tools: ["fs__write_file"]
    args:
      path: { path_under: /srv }
  - id: admins-use-fs
    effect: allow
    principals: { groups: [admins] }
    tools: ["fs__*"]
  - id: transfers-need-mfa
    effect: mfa
    principals: { groups: [finance] }
    tools: ["pay__transfer"]
    args:
      amount: { min: 0, max: 10000 }
  - id: deploy-releases
    effect: allow
    principals: { scopes: ["deploy:write"] }
    tools: ["ci__deploy"]
    args:
      env: { one_of: [staging, production] }
      replicas: { min: 1, max: 10 }
      branch: { glob: "release/*" }
  - id: ci-bot-status
    effect: allow
    principals: { api_keys: [ci-bot] }
    tools: ["ci__status"]
  - id: partner-summaries
    effect: allow
    principals: { client_ids: [partner-app] }
    prompts: ["docs__summarise"]
  - id: staff-read-docs
    effect: allow
    principals: { groups: [staff] }
    resources: ["file:///srv/docs/**", "memo://notes/*"]
  - id: no-secret-docs
    effect: deny
    resources: ["file:///srv/docs/secret/**"]
  - id: no-file-subscriptions
    effect: deny
    principals: { groups: [staff] }
    methods: ["resources/subscribe"]
    resources: ["file:///**"]
  - id: bob-uses-fs-server
    effect: allow
    principals: { subjects: [bob] }
    servers: [fs]
    tools: ["*"]
  - id: bob-keeps-out-of-secrets
    effect: deny
    principals: { subjects: [bob] }
    tools: ["fs__*"]
    args:
      path: { path_under: /srv/secrets }
  - id: carol-sets-mode
    effect: allow
    principals: { subjects: [carol] }
    tools: ["cfg__set"]
    args:
      mode: { equals: { level: 2, strict: true } }
server_requests:
  fs: { deny: [sampling, elicitation] }
  assistant: { allow: [sampling, elicitation] }
  "*": { allow: ["roots/list"] }
`,
  "decisions.yaml",
);

function person(subject: string, extra: Partial<Principal> = {}): Principal {
  return { subject, groups: [], roles: [], scopes: [], method: "oauth", mfa: false, ...extra };
}

const alice = person("alice");
const dave = person("dave", { groups: ["staff"] });
const erin = person("erin", { roles: ["researcher"] });
const frank = person("frank", { groups: ["admins"] });
const gina = person("gina", { groups: ["finance"] });
const ginaStepped = person("gina", { groups: ["finance"], mfa: true });
const hank = person("hank", { scopes: ["deploy:write", "read"] });
const ciBot = person("key:ci-bot", { method: "api_key", keyName: "ci-bot" });
const ciBotImpostor = person("ci-bot");
const partner = person("pat", { clientId: "partner-app" });
const bob = person("bob");
const carol = person("carol");
const mallory = person("mallory");

const call = (tool: string, args?: Record<string, unknown>): PolicyRequest => ({
  method: "tools/call",
  server: tool.split("__")[0],
  tool,
  args,
});
const readFile = (path: unknown) => call("fs__read_file", { path });
const fetchUrl = (url: unknown) => call("web__fetch", { url });
const transfer = (amount: unknown) => call("pay__transfer", { amount });
const deploy = (args: Record<string, unknown>) =>
  call("ci__deploy", { env: "staging", replicas: 3, branch: "release/1.2", ...args });
const read = (uri: string, method = "resources/read"): PolicyRequest => ({
  method,
  server: "docs",
  resourceUri: uri,
});
const fromServer = (server: string, method: string): PolicyRequest => ({ method, server });

/** One row: what the case shows, the input for the group's request builder, the expected effect and deciding rule. */
type Row<T> = [name: string, input: T, expect: Effect, rule?: string];

interface Group<T> {
  who: Principal;
  ask: (input: T) => PolicyRequest;
  rows: Array<Row<T>>;
}

function group<T>(who: Principal, ask: (input: T) => PolicyRequest, rows: Array<Row<T>>): Group<unknown> {
  return { who, ask, rows } as Group<unknown>;
}

const asIs = (request: PolicyRequest) => request;

const groups: Array<Group<unknown>> = [
  group(alice, readFile, [
    ["alice reads a file under /srv/data", "/srv/data/a.txt", "allow", "alice-reads-data"],
    ["alice reads the /srv/data root itself", "/srv/data", "allow"],
    ["a trailing slash on the root is fine", "/srv/data/", "allow"],
    ["a .. that stays inside the root is resolved", "/srv/data/sub/../b.txt", "allow"],
    ["single-dot segments are resolved", "/srv/./data/./a", "allow"],
    ["repeated slashes are collapsed", "//srv//data///a", "allow"],
    ["a file:// URL under the root is judged by its path", "file:///srv/data/a.txt", "allow"],
    ["file://localhost/ counts as a local file", "file://localhost/srv/data/a.txt", "allow"],
    ["an encoded space in a file name is harmless", "/srv/data/my%20file.txt", "allow"],
    ["a long but legal path is judged", "/srv/data/" + "d/".repeat(1000) + "x", "allow"],
    ["a plain .. escaping the root is denied", "/srv/data/../etc/passwd", "deny", "default"],
    ["percent-encoded dots are decoded and denied", "/srv/data/%2e%2e/etc/passwd", "deny"],
    ["upper-case percent-encoded dots are denied", "/srv/data/%2E%2E/etc/passwd", "deny"],
    ["double-encoded dots are denied", "/srv/data/%252e%252e/etc/passwd", "deny"],
    ["triple-encoded dots are denied", "/srv/data/%25252e%25252e/etc/passwd", "deny"],
    ["an encoded slash hiding a .. is denied", "/srv/data/..%2fetc/passwd", "deny"],
    ["a path that lands inside the root only once decoded is denied", "/srv/a%2Fb/../../data/x", "deny"],
    ["an encoded backslash is denied", "/srv/data/..%5c..%5cetc/passwd", "deny"],
    ["literal backslashes are denied", "/srv/data\\..\\..\\etc\\passwd", "deny"],
    ["fullwidth full stops are denied", "/srv/data/\uff0e\uff0e/etc/passwd", "deny"],
    ["a fullwidth solidus is denied", "/srv/data/..\uff0f..\uff0fetc", "deny"],
    ["a division slash look-alike is denied", "/srv/data/\u2215..\u2215etc", "deny"],
    ["a two-dot leader look-alike is denied", "/srv/data/\u2025/etc/passwd", "deny"],
    ["a one-dot leader look-alike is denied", "/srv/data/\u2024\u2024/etc", "deny"],
    ["a fullwidth reverse solidus is denied", "/srv/data/..\uff3cetc", "deny"],
    ["a yen-sign backslash look-alike is denied", "/srv/data/..\u00a5..\u00a5etc", "deny"],
    ["an overlong UTF-8 dot encoding is denied", "/srv/data/%c0%ae%c0%ae/etc", "deny"],
    ["a zero-width space between dots is denied", "/srv/data/.\u200b./etc", "deny"],
    ["an encoded byte-order mark before dots is denied", "/srv/data/%ef%bb%bf../etc", "deny"],
    ["a NUL byte is denied", "/srv/data/a.txt\u0000.png", "deny"],
    ["an encoded NUL byte is denied", "/srv/data/a.txt%00.png", "deny"],
    ["a sibling sharing the root's prefix is denied", "/srv/data2/secret", "deny"],
    ["a longer sibling name is denied", "/srv/database/dump.sql", "deny"],
    ["a home-directory tilde is denied", "~/data/a.txt", "deny"],
    ["a named-user tilde is denied", "~root/.ssh/id_rsa", "deny"],
    ["a relative path is denied", "data/a.txt", "deny"],
    ["a dot-relative path is denied", "./srv/data/a.txt", "deny"],
    ["a file:// URL escaping with .. is denied", "file:///srv/data/../../etc/passwd", "deny"],
    ["a file:// URL with encoded dots is denied", "file:///srv/data/%2e%2e/%2e%2e/etc", "deny"],
    ["a file:// URL on a remote host is denied", "file://evil.example/srv/data/a", "deny"],
    ["a path past the length limit is denied", "/srv/data/" + "a/".repeat(3000), "deny"],
    ["a long chain of .. escaping the root is denied", "/srv/data/" + "a/../".repeat(500) + "../etc", "deny"],
    ["a path that is not a string fails closed", 42, "deny"],
  ]),
  group(alice, asIs, [
    ["list tools match the fs__list_* glob", call("fs__list_directory", { path: "/srv/data" }), "allow"],
    ["an absent path argument fails closed", call("fs__read_file", {}), "deny"],
    ["a call with no arguments at all fails closed", call("fs__read_file"), "deny"],
    [
      "every listed path must be under the root",
      call("fs__read_multiple_files", { paths: ["/srv/data/a", "/srv/data/b"] }),
      "allow",
    ],
    [
      "one escaping path in a list denies the call",
      call("fs__read_multiple_files", { paths: ["/srv/data/a", "/etc/passwd"] }),
      "deny",
    ],
    ["alice has no rule for writes", call("fs__write_file", { path: "/srv/data/a" }), "deny", "default"],
    ["non-staff may not send mail", call("mail__send", { to: "ann@example.com" }), "deny"],
  ]),
  group(frank, asIs, [
    [
      "an explicit deny beats an admin's broad allow",
      call("fs__delete_file", { path: "/srv/x" }),
      "deny",
      "no-deletes",
    ],
    ["admins may read anywhere through the broad allow", readFile("/etc/hosts"), "allow", "admins-use-fs"],
    [
      "admin writes under /srv need approval",
      call("fs__write_file", { path: "/srv/app/x" }),
      "approve",
      "admins-approve-srv-writes",
    ],
    [
      "admin writes elsewhere fall to the broad allow",
      call("fs__write_file", { path: "/tmp/x" }),
      "allow",
      "admins-use-fs",
    ],
    [
      "an unjudgeable path makes the approve rule apply",
      call("fs__write_file", { path: "x/../../srv" }),
      "approve",
    ],
    ["an absent path makes the approve rule apply", call("fs__write_file", {}), "approve"],
  ]),
  group(dave, asIs, [
    [
      "staff mail inside the domain is allowed",
      call("mail__send", { to: "ann@example.com" }),
      "allow",
      "mail-inside-only",
    ],
    ["staff mail outside the domain is denied", call("mail__send", { to: "ann@evil.com" }), "deny"],
    ["a pattern must match the whole value", call("mail__send", { to: "ann@example.com.evil.com" }), "deny"],
    [
      "one outside address in a list denies the mail",
      call("mail__send", { to: ["ann@example.com", "x@evil.com"] }),
      "deny",
    ],
    ["a mail without a recipient fails closed", call("mail__send", { subject: "hi" }), "deny"],
  ]),
  group(erin, fetchUrl, [
    ["a listed host is allowed", "https://example.com/page", "allow", "fetch-known-hosts"],
    ["host case and a trailing dot are normalised", "https://EXAMPLE.com./page", "allow"],
    ["a percent-encoded host is decoded before comparing", "https://%65xample.com/", "allow"],
    ["a subdomain matches a *. wildcard", "https://en.wikipedia.org/wiki/X", "allow"],
    ["the bare domain does not match its *. wildcard", "https://wikipedia.org/", "deny"],
    ["a listed host in userinfo does not fool the check", "https://example.com@evil.com/", "deny"],
    ["a listed host in the query does not count", "https://evil.com/?next=example.com", "deny"],
    ["a listed host in the fragment does not count", "https://evil.com#@example.com", "deny"],
    ["a listed host as a prefix of another does not count", "https://example.com.evil.com/", "deny"],
    ["a backslash before an at-sign is refused", "https://example.com\\@evil.com/", "deny"],
    ["a look-alike internationalised host is different", "https://ex\u00e4mple.com/", "deny"],
    ["a non-web scheme is refused", "ftp://example.com/file", "deny"],
    ["loopback in dotted form is refused", "http://127.0.0.1/admin", "deny"],
    ["loopback as one decimal number is refused", "http://2130706433/", "deny"],
    ["loopback in short hex form is refused", "http://0x7f.1/", "deny"],
    ["loopback in octal is refused", "http://0177.0.0.1/", "deny"],
    ["IPv4-mapped IPv6 loopback is refused", "http://[::ffff:127.0.0.1]/", "deny"],
    ["IPv6 loopback is refused", "http://[::1]:8080/", "deny"],
    ["the cloud metadata address is refused", "http://169.254.169.254/latest/meta-data/", "deny"],
    ["the metadata host name is refused", "http://metadata.google.internal/", "deny"],
    ["AWS's IPv6 metadata address is refused", "http://[fd00:ec2::254]/", "deny"],
    ["localhost is refused", "http://localhost:3000/", "deny"],
    ["a private address named by the rule is allowed", "http://10.0.0.5/status", "allow"],
    ["the named private address in hex notation is the same host", "http://0x0a000005/", "allow"],
    ["an unnamed private address is refused", "http://10.0.0.6/", "deny"],
    ["a URL that is not a string fails closed", { href: "https://example.com/" }, "deny"],
  ]),
  group(erin, asIs, [["an absent URL fails closed", call("web__fetch", {}), "deny"]]),
  group(gina, transfer, [
    ["a transfer without MFA asks for step-up", 500, "mfa", "transfers-need-mfa"],
    ["a transfer above the maximum does not offer step-up", 50000, "deny"],
    ["an amount written as text asks for step-up first", "500", "mfa"],
  ]),
  group(ginaStepped, transfer, [
    ["a transfer after step-up is allowed", 500, "allow", "transfers-need-mfa"],
    ["a transfer above the maximum is denied even after step-up", 50000, "deny"],
    ["an amount written as text is denied after step-up", "500", "deny"],
  ]),
  group(hank, deploy, [
    ["a release deploy to staging is allowed", {}, "allow", "deploy-releases"],
    ["a deploy to an unlisted environment is denied", { env: "dev" }, "deny"],
    ["too many replicas are denied", { replicas: 11 }, "deny"],
    ["replicas as text are denied", { replicas: "3" }, "deny"],
    ["a glob star stays within one segment", { branch: "release/1.2/hotfix" }, "deny"],
    ["a branch outside the glob is denied", { branch: "main" }, "deny"],
  ]),
  group(ciBot, asIs, [
    ["an API key named by the rule is allowed", call("ci__status"), "allow", "ci-bot-status"],
  ]),
  group(ciBotImpostor, asIs, [
    ["a subject that only looks like the key name is not", call("ci__status"), "deny"],
  ]),
  group(partner, asIs, [
    [
      "a client id named by the rule may get the prompt",
      { method: "prompts/get", server: "docs", prompt: "docs__summarise" },
      "allow",
    ],
    ["a prompt rule does not allow a tool of the same name", call("docs__summarise"), "deny"],
  ]),
  group(dave, read, [
    ["staff read a document resource", "file:///srv/docs/guide.md", "allow", "staff-read-docs"],
    ["a secret document is denied", "file:///srv/docs/secret/key.pem", "deny", "no-secret-docs"],
    [
      "dot segments cannot sneak into the secret folder",
      "file:///srv/docs/public/../secret/key.pem",
      "deny",
      "no-secret-docs",
    ],
    [
      "encoded dot segments cannot sneak into it either",
      "file:///srv/docs/%2e%2e/docs/secret/k",
      "deny",
      "no-secret-docs",
    ],
    ["a double-encoded resource URI is denied", "file:///srv/docs/%252e%252e/x", "deny"],
    ["a custom-scheme note is allowed", "memo://notes/today", "allow"],
    ["a custom-scheme URI with .. is denied", "memo://notes/../admin", "deny"],
    ["a custom-scheme URI with encoded .. is denied", "memo://notes/%2e%2e/admin", "deny"],
    ["a resource glob star stays within one segment", "memo://notes/a/b", "deny"],
  ]),
  group(dave, (uri: string) => read(uri, "resources/subscribe"), [
    ["file subscriptions are denied by method", "file:///srv/docs/guide.md", "deny", "no-file-subscriptions"],
    ["note subscriptions are allowed", "memo://notes/today", "allow"],
  ]),
  group(bob, asIs, [
    [
      "bob may call any tool on the fs server",
      call("fs__stat", { path: "/x" }),
      "allow",
      "bob-uses-fs-server",
    ],
    ["bob may not call tools on other servers", fetchUrl("https://example.com/"), "deny"],
    [
      "a deny on an argument applies when it matches",
      readFile("/srv/secrets/db.key"),
      "deny",
      "bob-keeps-out-of-secrets",
    ],
    [
      "a deny on an argument applies when the argument is absent",
      call("fs__stat", {}),
      "deny",
      "bob-keeps-out-of-secrets",
    ],
    [
      "a deny on an argument applies when the path cannot be judged",
      readFile("../secrets/db.key"),
      "deny",
      "bob-keeps-out-of-secrets",
    ],
    [
      "a deny on an argument applies when any list item matches",
      call("fs__stat", { path: ["/tmp/a", "/srv/secrets/k"] }),
      "deny",
    ],
  ]),
  group(carol, (mode: unknown) => call("cfg__set", { mode }), [
    ["equals ignores key order", { strict: true, level: 2 }, "allow"],
    ["equals distinguishes text from booleans", { level: 2, strict: "true" }, "deny"],
  ]),
  group(mallory, asIs, [
    ["an unknown principal gets the default", readFile("/srv/data/a"), "deny", "default"],
    ["ping is protocol plumbing", { method: "ping" }, "allow", "protocol"],
    [
      "tools/list is allowed and filtered item by item",
      { method: "tools/list", server: "fs" },
      "allow",
      "protocol",
    ],
    ["notifications are protocol plumbing", { method: "notifications/cancelled" }, "allow"],
    [
      "an unknown method falls to the default",
      { method: "vendor/secretThing", server: "fs" },
      "deny",
      "default",
    ],
    [
      "completion of a prompt nobody may get is denied",
      { method: "completion/complete", prompt: "docs__summarise" },
      "deny",
    ],
    ["a server allowed to sample may sample", fromServer("assistant", "sampling/createMessage"), "allow"],
    ["a server denied sampling may not sample", fromServer("fs", "sampling/createMessage"), "deny"],
    ["a server denied elicitation may not elicit", fromServer("fs", "elicitation/create"), "deny"],
    [
      "sampling from an unlisted server falls to the default",
      fromServer("web", "sampling/createMessage"),
      "deny",
      "default",
    ],
    [
      "roots/list is allowed for every server by the wildcard entry",
      fromServer("web", "roots/list"),
      "allow",
    ],
  ]),
];

const cases = groups.flatMap(({ who, ask, rows }) =>
  rows.map(([name, input, expect, rule]) => ({ name, who, request: ask(input), expect, rule })),
);

test("the decision table has at least 80 cases with distinct names", () => {
  assert.ok(cases.length >= 80, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const c of cases) {
  test(c.name, () => {
    const decision = decide(policy, c.who, c.request);
    assert.equal(decision.effect, c.expect, decision.reason);
    if (c.rule) assert.equal(decision.ruleId, c.rule, decision.reason);
    assert.ok(decision.reason.length > 0);
  });
}

test("the rate of the deciding rule comes with the decision", () => {
  const decision = decide(policy, dave, call("mail__send", { to: "ann@example.com" }));
  assert.deepEqual(decision.rate, { calls: 20, per_seconds: 3600 });
  assert.equal(decide(policy, dave, call("mail__send", { to: "x@evil.com" })).rate, undefined);
});

test("the rule index never changes a decision: deciding equals explaining every rule", () => {
  for (const c of cases) {
    assert.deepEqual(decide(policy, c.who, c.request), explain(policy, c.who, c.request).decision, c.name);
  }
});
