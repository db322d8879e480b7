import assert from "node:assert/strict";
import { test } from "node:test";
import { findPii, isIban, passesLuhn, redactPii } from "./index.js";

const kindsIn = (text: string) => findPii(text).map((finding) => finding.kind);

test("e-mail addresses are redacted and image names that look like addresses are not", () => {
  assert.equal(
    redactPii("Write to jane.doe+news@mail.example.co.uk, not logo@2x.png."),
    "Write to [REDACTED:email], not logo@2x.png.",
  );
});

test("payment card numbers count only when the Luhn check passes", () => {
  assert.ok(passesLuhn("4111111111111111"));
  assert.ok(!passesLuhn("4111111111111112"));
  assert.deepEqual(kindsIn("card 4111 1111 1111 1111"), ["payment-card"]);
  assert.deepEqual(kindsIn("card 4111 1111 1111 1112"), []);
  assert.deepEqual(kindsIn("amex 378282246310005, order 1234567890123"), ["payment-card"]);
});

test("IBANs count only with their country's length and a valid mod-97 check", () => {
  assert.ok(isIban("DE89370400440532013000"));
  assert.ok(!isIban("DE89370400440532013001"));
  assert.deepEqual(kindsIn("pay to DE89 3704 0044 0532 0130 00 today"), ["iban"]);
  assert.deepEqual(kindsIn("pay to DE89 3704 0044 0532 0130 01 today"), []);
});

test("US social security numbers are found, impossible ones and dates are not", () => {
  assert.deepEqual(kindsIn("SSN 123-45-6789"), ["us-ssn"]);
  assert.deepEqual(kindsIn("SSN 000-12-3456 or 666-12-3456, released 2024-05-14"), []);
});

test("phone numbers in international and North American formats are found, times and versions are not", () => {
  assert.deepEqual(kindsIn("Call +44 20 7946 0958 or (212) 555-0198."), ["phone", "phone"]);
  assert.deepEqual(kindsIn("Version 1.2.3 shipped at 12:30:45 on 2024-05-14."), []);
});

test("IP addresses are found, loopback and unspecified ones are not reported", () => {
  assert.deepEqual(kindsIn("client 203.0.113.7 via 2001:db8::8a2e:370:7334"), ["ip-address", "ip-address"]);
  assert.deepEqual(kindsIn("listening on 127.0.0.1 and 0.0.0.0, std::vector, ::1"), []);
});

test("only the requested kinds are looked for", () => {
  const text = "jane@example.org, 4111 1111 1111 1111";
  assert.deepEqual(
    findPii(text, { kinds: ["payment-card"] }).map((finding) => finding.kind),
    ["payment-card"],
  );
});

test("the evidence of a finding does not repeat the personal data", () => {
  const [finding] = findPii("SSN 123-45-6789");
  assert.ok(finding);
  assert.ok(!finding.evidence.includes("123-45-6789"));
});
