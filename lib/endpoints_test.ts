import assert from "node:assert/strict";
import { parseBindAddress, serveEndpoints } from "./endpoints.ts";

Deno.test("bind addresses are read as Go writes them, and 0 turns the server off", () => {
  assert.deepEqual(parseBindAddress(":8080"), { hostname: "0.0.0.0", port: 8080 });
  assert.deepEqual(parseBindAddress("127.0.0.1:0"), { hostname: "127.0.0.1", port: 0 });
  assert.deepEqual(parseBindAddress("[::1]:9090"), { hostname: "::1", port: 9090 });
  assert.deepEqual(parseBindAddress("localhost:81"), { hostname: "localhost", port: 81 });
  assert.equal(parseBindAddress("0"), undefined);
  assert.throws(() => parseBindAddress("8080"), /Cannot listen on "8080": expected host:port/);
  assert.throws(() => parseBindAddress(":99999"), /Cannot listen on ":99999"/);
});

Deno.test("an endpoint server answers its paths, 404s others and turns handler errors into 500", async () => {
  const server = serveEndpoints("127.0.0.1:0", {
    "/healthz": () => ({ status: 200, body: "ok" }),
    "/readyz": () => {
      throw new Error("informers not synced");
    },
  })!;
  try {
    const base = `http://${server.address}`;
    const ok = await fetch(`${base}/healthz`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "ok");
    const broken = await fetch(`${base}/readyz`);
    assert.equal(broken.status, 500);
    assert.match(await broken.text(), /informers not synced/);
    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.stop();
  }
});
