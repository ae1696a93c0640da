import assert from "node:assert/strict";
import { formatAddress, parseAddress } from "./address.ts";

const roundTrip = (text: string) => {
  const parsed = parseAddress(text);
  return typeof parsed === "string" ? parsed : formatAddress(parsed.family, parsed.value);
};

Deno.test("IPv6 addresses come out in RFC 5952 form, as Kubernetes prints them", () => {
  assert.equal(roundTrip("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  assert.equal(roundTrip("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");
  assert.equal(roundTrip("2001:db8:0:0:1:0:0:0"), "2001:db8:0:0:1::");
  assert.equal(roundTrip("::"), "::");
  assert.equal(roundTrip("::1"), "::1");
  assert.equal(roundTrip("fe80::"), "fe80::");
});

Deno.test("addresses are parsed as strictly as Go's netip.ParseAddr", () => {
  for (
    const bad of [
      "010.0.0.1",
      "10.1",
      "10.0.0.256",
      " 10.0.0.1",
      "10.0.0.1 ",
      "1:2:3:4:5:6:7:8:9",
      "2001:db8:::1",
      "",
      "0x0a.0.0.1",
    ]
  ) {
    assert.equal(typeof parseAddress(bad), "string", bad);
  }
  assert.equal(
    parseAddress("fe80::1%eth0"),
    `"fe80::1%eth0" has a zone (%…), which an address here cannot have`,
  );
});

Deno.test("IPv4 and IPv6 keys never collide", () => {
  const v4 = parseAddress("255.255.255.255");
  const v6 = parseAddress("::");
  assert.ok(typeof v4 !== "string" && typeof v6 !== "string" && v4.key < v6.key);
});
