import assert from "node:assert/strict";
import { dns1035Name, labelValue, stableHash } from "./names.ts";

Deno.test("a valid Service name is kept as it is", () => {
  assert.equal(dns1035Name("gw-l4"), "gw-l4");
});

Deno.test("a name with dots, capitals or a leading digit is cleaned and made unique by a hash", () => {
  const name = dns1035Name("9.Gw_with.dots");
  assert.match(name, /^x9-gw-with-dots-[0-9a-f]{8}$/);
  assert.notEqual(dns1035Name("a.b"), dns1035Name("a_b"));
});

Deno.test("a long name is shortened to 63 characters with a stable hash suffix", () => {
  const long = `${"gateway-".repeat(10)}class`;
  const name = dns1035Name(long);
  assert.equal(name.length <= 63, true);
  assert.equal(name, dns1035Name(long));
  assert.match(name, /^gateway-gateway-.*-[0-9a-f]{8}$/);
  assert.notEqual(dns1035Name(`${long}x`), name);
});

Deno.test("label values keep valid text and clean the rest", () => {
  assert.equal(labelValue("gw"), "gw");
  assert.equal(labelValue(""), "");
  assert.match(labelValue("kube-vip.io/controller"), /^kube-vip\.io-controller-[0-9a-f]{8}$/);
  assert.equal(labelValue("a".repeat(80)).length, 63);
});

Deno.test("the stable hash is 8 hex characters and depends on the text", () => {
  assert.match(stableHash("x"), /^[0-9a-f]{8}$/);
  assert.notEqual(stableHash("x"), stableHash("y"));
});
