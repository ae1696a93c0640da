import "reflect-metadata";
import assert from "node:assert/strict";
import * as x509 from "@peculiar/x509";
import { configMap, paths } from "./testing.ts";
import { startApiServer } from "./server.ts";
import { createTlsMaterial } from "./tls.ts";

async function call(
  url: string,
  client: Deno.HttpClient,
  init: RequestInit = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { ...init, client });
  return { status: res.status, text: await res.text() };
}

const UNAUTHORIZED =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}';

Deno.test("§8: over HTTPS the admin client certificate is accepted; no or bad credentials get the exact 401", async () => {
  const server = await startApiServer({ tls: true });
  const clients: Deno.HttpClient[] = [];
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.kubeconfig, /certificate-authority-data:/);
    assert.match(server.kubeconfig, /client-certificate-data:/);
    const admin = await server.tls!.issueClientCertificate({
      user: "admin",
      groups: ["system:masters"],
      keyFormat: "ec",
    });
    const withCert = Deno.createHttpClient({
      caCerts: [server.tls!.caPem],
      cert: admin.certPem,
      key: admin.keyPem,
    });
    const anonymous = Deno.createHttpClient({ caCerts: [server.tls!.caPem] });
    clients.push(withCert, anonymous);
    assert.equal((await call(`${server.url}${paths.ns()}`, withCert)).status, 200);
    const none = await call(`${server.url}${paths.ns()}`, anonymous);
    assert.equal(none.status, 401);
    assert.equal(none.text, UNAUTHORIZED);
    const badToken = await call(`${server.url}${paths.ns()}`, anonymous, {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(badToken.status, 401);
    assert.equal(badToken.text, UNAUTHORIZED);
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
});

Deno.test("§8: tokens authenticate; a read-only user gets kube-apiserver's 403 body on writes", async () => {
  const server = await startApiServer({ tls: true });
  const client = Deno.createHttpClient({ caCerts: [server.tls!.caPem] });
  try {
    server.addToken("rw-token", "writer");
    server.addToken("ro-token", "viewer", { readOnly: true });
    const as = (token: string, init: RequestInit = {}) => ({
      ...init,
      headers: {
        ...init.headers,
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
    });
    const post = (token: string) =>
      call(
        `${server.url}${paths.cm()}`,
        client,
        as(token, { method: "POST", body: JSON.stringify(configMap("x")) }),
      );
    assert.equal((await post("rw-token")).status, 201);
    assert.equal(
      (await call(`${server.url}${paths.cm("default", "x")}`, client, as("ro-token"))).status,
      200,
    );
    const denied = await call(
      `${server.url}${paths.cm("default", "x")}`,
      client,
      as("ro-token", { method: "DELETE" }),
    );
    assert.equal(denied.status, 403);
    assert.equal(
      denied.text,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"x\\" is forbidden: User \\"viewer\\" cannot delete resource \\"configmaps\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden","details":{"name":"x","kind":"configmaps"},"code":403}',
    );
    const cluster = await call(
      `${server.url}/apis/gateway.networking.k8s.io/v1/gatewayclasses`,
      client,
      as("ro-token", { method: "POST", body: "{}" }),
    );
    assert.equal(cluster.status, 403);
    assert.match(
      cluster.text,
      /gatewayclasses\.gateway\.networking\.k8s\.io is forbidden: User \\"viewer\\" cannot create resource \\"gatewayclasses\\" in API group \\"gateway\.networking\.k8s\.io\\" at the cluster scope/,
    );
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("§8: client certificates in RSA (PKCS#1), EC (SEC1) and PKCS#8 keys authenticate as CN", async () => {
  const server = await startApiServer({ tls: true });
  const clients: Deno.HttpClient[] = [];
  try {
    const headers = { rsa: "RSA PRIVATE KEY", ec: "EC PRIVATE KEY", pkcs8: "PRIVATE KEY" } as const;
    for (const keyFormat of ["rsa", "ec", "pkcs8"] as const) {
      const c = await server.tls!.issueClientCertificate({
        user: `u-${keyFormat}`,
        groups: ["dev"],
        keyFormat,
      });
      assert.match(c.keyPem, new RegExp(`^-----BEGIN ${headers[keyFormat]}-----`));
      const client = Deno.createHttpClient({
        caCerts: [server.tls!.caPem],
        cert: c.certPem,
        key: c.keyPem,
      });
      clients.push(client);
      const res = await call(
        `${server.url}/apis/authentication.k8s.io/v1/selfsubjectreviews`,
        client,
        {
          method: "POST",
          body: "{}",
        },
      );
      assert.equal(res.status, 201, `${keyFormat}: ${res.text}`);
      assert.equal(JSON.parse(res.text).status.userInfo.username, `u-${keyFormat}`);
    }
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
});

Deno.test("§8: a client certificate from another CA is 401", async () => {
  const server = await startApiServer({ tls: true });
  const foreign = await createTlsMaterial();
  const cert = await foreign.info.issueClientCertificate({ user: "mallory", keyFormat: "ec" });
  const client = Deno.createHttpClient({
    caCerts: [server.tls!.caPem],
    cert: cert.certPem,
    key: cert.keyPem,
  });
  try {
    const res = await call(`${server.url}${paths.ns()}`, client);
    assert.equal(res.status, 401);
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("the server certificate covers 127.0.0.1, localhost and the advertised DNS name", async () => {
  const material = await createTlsMaterial();
  const cert = new x509.X509Certificate(material.serverCertPem);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension)!;
  const names = san.names.items.map((n) => n.value);
  assert.ok(names.includes("127.0.0.1"));
  assert.ok(names.includes("localhost"));
  assert.ok(names.includes(material.info.serverName));
  const ca = new x509.X509Certificate(material.info.caPem);
  assert.ok(await cert.verify({ publicKey: ca.publicKey }));
});

Deno.test("over plain HTTP every request is the admin (kubectl sends no credentials over http)", async () => {
  const server = await startApiServer();
  try {
    server.addToken("ro", "viewer", { readOnly: true });
    const res = await fetch(`${server.url}${paths.cm()}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer ro" },
      body: JSON.stringify(configMap("x")),
    });
    await res.body?.cancel();
    assert.equal(res.status, 201);
  } finally {
    await server.stop();
  }
});
