import assert from "node:assert/strict";
import { FakeClock } from "../clock.ts";
import type { ConfigMap } from "../types/mod.ts";
import { startHttpStub, statusResponse } from "./_http_stub.ts";
import { KubeClient } from "./client.ts";
import { isConflict, KubeApiError, KubeTransportError } from "./errors.ts";
import { CONFIGMAPS, GATEWAYS } from "./resources.ts";

Deno.test("a 500 with Retry-After is retried after that delay, then succeeds", async () => {
  let calls = 0;
  const stub = startHttpStub(() =>
    ++calls < 3
      ? statusResponse(500, "InternalError", { "Retry-After": "1" })
      : Response.json({ metadata: { name: "cm" } })
  );
  const sleeps: number[] = [];
  const clock = new FakeClock();
  clock.sleep = (ms) => (sleeps.push(ms), Promise.resolve());
  try {
    const client = new KubeClient(stub.config(), { clock });
    const cm = await client.create(CONFIGMAPS, { metadata: { namespace: "default", name: "cm" } });
    assert.equal(cm.metadata.name, "cm");
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [1000, 1000]);
    assert.equal(stub.received[0]?.path, "/api/v1/namespaces/default/configmaps?fieldManager=l4gw");
    assert.deepEqual(stub.received[0]?.body, {
      metadata: { namespace: "default", name: "cm" },
      apiVersion: "v1",
      kind: "ConfigMap",
    });
  } finally {
    await stub.close();
  }
});

Deno.test("a write that fails with 500 without Retry-After is not repeated (it may have happened)", async () => {
  const stub = startHttpStub(() => statusResponse(500, "InternalError"));
  try {
    const client = new KubeClient(stub.config());
    await assert.rejects(
      client.update(CONFIGMAPS, { metadata: { namespace: "default", name: "cm" } }),
      (e) => e instanceof KubeApiError && e.code === 500,
    );
    assert.equal(stub.received.length, 1);
  } finally {
    await stub.close();
  }
});

Deno.test("reads are retried on 503 and 429 with backoff until the retry budget is spent", async () => {
  const stub = startHttpStub(() => statusResponse(503, "ServiceUnavailable"));
  const clock = new FakeClock();
  clock.sleep = () => Promise.resolve();
  try {
    const client = new KubeClient(stub.config(), { clock, maxRetries: 3 });
    await assert.rejects(
      client.get(CONFIGMAPS, "default", "cm"),
      (e) => e instanceof KubeApiError && e.code === 503,
    );
    assert.equal(stub.received.length, 4);
  } finally {
    await stub.close();
  }
});

Deno.test("a 409 is returned at once as a Conflict carrying the server's Status", async () => {
  const stub = startHttpStub(() => statusResponse(409, "Conflict"));
  try {
    const client = new KubeClient(stub.config());
    await assert.rejects(
      client.update(
        GATEWAYS,
        { metadata: { namespace: "a", name: "gw", resourceVersion: "3" } } as never,
      ),
      (e) => isConflict(e) && (e as KubeApiError).status.code === 409,
    );
    assert.equal(stub.received.length, 1);
  } finally {
    await stub.close();
  }
});

Deno.test("the bearer token is sent, and after a 401 the credentials are refreshed once", async () => {
  let n = 0;
  const stub = startHttpStub((req) =>
    req.headers.get("authorization") === "Bearer fresh"
      ? Response.json({ metadata: {} })
      : statusResponse(401, "Unauthorized")
  );
  try {
    const config = stub.config();
    config.credentials = {
      get: () => Promise.resolve({ token: n === 0 ? "stale" : "fresh" }),
      invalidate: () => void n++,
    };
    await new KubeClient(config).get(CONFIGMAPS, "default", "cm");
    assert.deepEqual(stub.received.map((r) => r.headers.get("authorization")), [
      "Bearer stale",
      "Bearer fresh",
    ]);
  } finally {
    await stub.close();
  }
});

Deno.test("a call that gets no answer fails at its deadline with a message naming it", async () => {
  const stub = startHttpStub(() => new Promise(() => {}));
  try {
    const client = new KubeClient(stub.config(), { timeoutMs: 200, maxRetries: 0 });
    await assert.rejects(
      client.get(CONFIGMAPS, "default", "cm"),
      (e) => e instanceof KubeTransportError && /no answer within 200 ms/.test(e.message),
    );
  } finally {
    await stub.close();
  }
});

Deno.test("an aborted signal cancels the call with the signal's reason", async () => {
  const stub = startHttpStub(() => new Promise(() => {}));
  try {
    const client = new KubeClient(stub.config());
    const abort = new AbortController();
    const call = client.get<ConfigMap>(CONFIGMAPS, "default", "cm", { signal: abort.signal });
    abort.abort(new Error("shutting down"));
    await assert.rejects(call, /shutting down/);
  } finally {
    await stub.close();
  }
});

Deno.test("patch sends the right content type; delete sends background propagation and preconditions", async () => {
  const stub = startHttpStub(() => undefined);
  try {
    const client = new KubeClient(stub.config());
    await client.patch(
      GATEWAYS,
      "a",
      "gw",
      [{ op: "add", path: "/metadata/labels/x", value: "y" }],
      "json",
      {
        subresource: "status",
      },
    );
    await client.delete(CONFIGMAPS, "a", "cm", { uid: "u1" });
    const [patch, del] = stub.received;
    assert.equal(patch?.method, "PATCH");
    assert.equal(
      patch?.path,
      "/apis/gateway.networking.k8s.io/v1/namespaces/a/gateways/gw/status?fieldManager=l4gw",
    );
    assert.equal(patch?.headers.get("content-type"), "application/json-patch+json");
    assert.deepEqual(del?.body, {
      kind: "DeleteOptions",
      apiVersion: "v1",
      propagationPolicy: "Background",
      preconditions: { uid: "u1" },
    });
  } finally {
    await stub.close();
  }
});
