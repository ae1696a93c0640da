import assert from "node:assert/strict";
import { parseAddress, V6_BASE } from "./address.ts";
import { describeRange, edgeCount, mergeRanges, prefixesOf } from "./ranges.ts";

const key = (text: string) => {
  const parsed = parseAddress(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed.key;
};

Deno.test("edgeCount matches counting .0 and .255 addresses one by one", () => {
  for (
    const [lo, hi] of [[0n, 0n], [0n, 600n], [254n, 257n], [255n, 255n], [1n, 254n], [300n, 1023n]]
  ) {
    let expected = 0n;
    for (let k = lo!; k <= hi!; k++) if (k % 256n === 0n || k % 256n === 255n) expected++;
    assert.equal(edgeCount(lo!, hi!), expected, `${lo}-${hi}`);
  }
});

Deno.test("edgeCount never counts IPv6 addresses, even those ending in 00 or ff", () => {
  assert.equal(edgeCount(V6_BASE, V6_BASE + 1024n), 0n);
  assert.equal(edgeCount(V6_BASE - 256n, V6_BASE + 1024n), 2n);
});

Deno.test("prefixesOf gives the fewest CIDRs that cover a range exactly", () => {
  const describe = (lo: string, hi: string) =>
    prefixesOf({ lo: key(lo), hi: key(hi) }).map((p) => describeRange(p, true));
  assert.deepEqual(describe("10.0.0.0", "10.0.1.127"), ["10.0.0.0/24", "10.0.1.0/25"]);
  assert.deepEqual(describe("10.0.0.1", "10.0.0.6"), [
    "10.0.0.1/32",
    "10.0.0.2/31",
    "10.0.0.4/31",
    "10.0.0.6/32",
  ]);
  assert.deepEqual(describe("0.0.0.0", "255.255.255.255"), ["0.0.0.0/0"]);
  assert.deepEqual(describe("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), ["::/0"]);
});

Deno.test("mergeRanges joins overlapping and touching ranges but never IPv4 with IPv6", () => {
  const merged = mergeRanges([
    { lo: 10n, hi: 20n },
    { lo: 21n, hi: 25n },
    { lo: 5n, hi: 12n },
    { lo: V6_BASE - 2n, hi: V6_BASE - 1n },
    { lo: V6_BASE, hi: V6_BASE + 3n },
  ]);
  assert.deepEqual(merged, [
    { lo: 5n, hi: 25n },
    { lo: V6_BASE - 2n, hi: V6_BASE - 1n },
    { lo: V6_BASE, hi: V6_BASE + 3n },
  ]);
});
