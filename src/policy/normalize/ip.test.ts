import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyIPv4, classifyIPv6, formatIPv6, parseIPv4, parseIPv6 } from "./ip.js";

test("dotted IPv4 parses only in canonical decimal form", () => {
  assert.equal(parseIPv4("10.0.0.1"), 0x0a000001);
  assert.equal(parseIPv4("010.0.0.1"), undefined);
  assert.equal(parseIPv4("256.0.0.1"), undefined);
  assert.equal(parseIPv4("1.2.3"), undefined);
});

test("IPv6 parses with compression and an embedded IPv4 tail", () => {
  assert.deepEqual(parseIPv6("::ffff:127.0.0.1"), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
  assert.deepEqual(parseIPv6("2001:db8::1"), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6("::"), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(parseIPv6("1::2::3"), undefined);
  assert.equal(parseIPv6("1:2:3:4:5:6:7"), undefined);
  assert.equal(parseIPv6("12345::"), undefined);
});

test("IPv6 is written in RFC 5952 form", () => {
  assert.equal(formatIPv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), "2001:db8::1:0:0:1");
  assert.equal(formatIPv6([1, 0, 2, 3, 4, 5, 6, 7]), "1:0:2:3:4:5:6:7");
});

test("IPv4 ranges that must not be reached are classified", () => {
  const expected: Array<[string, string | undefined]> = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", undefined],
    ["192.168.0.1", "private"],
    ["169.254.1.1", "link-local"],
    ["169.254.169.254", "cloud-metadata"],
    ["100.100.100.200", "cloud-metadata"],
    ["100.64.0.1", "shared"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["93.184.216.34", undefined],
  ];
  for (const [address, kind] of expected) assert.equal(classifyIPv4(address), kind, address);
});

test("IPv6 addresses, including those embedding IPv4, are classified", () => {
  const expected: Array<[string, string | undefined]> = [
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "cloud-metadata"],
    ["::ffff:808:808", undefined],
    ["::7f00:1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["2002:c0a8:0101::", "private"],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"],
    ["fe80::1", "link-local"],
    ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "cloud-metadata"],
    ["ff02::1", "multicast"],
    ["2606:4700::1111", undefined],
  ];
  for (const [address, kind] of expected) assert.equal(classifyIPv6(address), kind, address);
});
