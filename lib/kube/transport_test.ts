import assert from "node:assert/strict";
import { KubeClient } from "./client.ts";
import { loadClusterConfig } from "./config.ts";
import { isAuthError, KubeTransportError } from "./errors.ts";
import { withServer, writeKubeconfig } from "./_fixture.ts";
import { CONFIGMAPS, NAMESPACES } from "./resources.ts";

async function clientFrom(path: string): Promise<KubeClient> {
  return new KubeClient(await loadClusterConfig({ kubeconfig: path }), { maxRetries: 0 });
}

async function whoCanList(client: KubeClient): Promise<string[]> {
  try {
    return (await client.list(NAMESPACES)).items.map((n) => n.metadata.name ?? "");
  } finally {
    await client.close();
  }
}

Deno.test("plain http:// servers work (the sandbox) with the fetch transport", async () => {
  await withServer({}, async (_server, client) => {
    assert.equal((await client.transport()).kind, "fetch");
    assert.ok((await client.list(NAMESPACES)).items.some((n) => n.metadata.name === "kube-system"));
  });
});

Deno.test("client certificates with RSA (PKCS#1), EC (SEC1) and PKCS#8 keys, file and inline, authenticate over HTTPS", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    const tls = server.tls!;
    await Deno.writeTextFile(`${dir}/ca.pem`, tls.caPem);
    for (const keyFormat of ["rsa", "ec", "pkcs8"] as const) {
      const { certPem, keyPem } = await tls.issueClientCertificate({
        user: `u-${keyFormat}`,
        groups: ["system:masters"],
        keyFormat,
      });
      await Deno.writeTextFile(`${dir}/${keyFormat}.crt`, certPem);
      await Deno.writeTextFile(`${dir}/${keyFormat}.key`, keyPem);
      const fromFiles = await writeKubeconfig(dir, `files-${keyFormat}`, {
        server: server.url,
        "certificate-authority": "ca.pem",
      }, { "client-certificate": `${keyFormat}.crt`, "client-key": `${keyFormat}.key` });
      assert.ok(
        (await whoCanList(await clientFrom(fromFiles))).includes("default"),
        `${keyFormat} from files`,
      );
      const inline = await writeKubeconfig(dir, `data-${keyFormat}`, {
        server: server.url,
        "certificate-authority-data": btoa(tls.caPem),
      }, { "client-certificate-data": btoa(certPem), "client-key-data": btoa(keyPem) });
      assert.ok(
        (await whoCanList(await clientFrom(inline))).includes("default"),
        `${keyFormat} inline`,
      );
    }
  });
});

Deno.test("bearer tokens (inline and from a file) authenticate; an unknown token gets 401", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("s3cret", "alice", { groups: ["system:masters"] });
    const cluster = { server: server.url, "certificate-authority-data": btoa(server.tls!.caPem) };
    assert.ok(
      (await whoCanList(
        await clientFrom(await writeKubeconfig(dir, "tok", cluster, { token: "s3cret" })),
      )).length > 0,
    );
    await Deno.writeTextFile(`${dir}/token`, "s3cret\n");
    assert.ok(
      (await whoCanList(
        await clientFrom(await writeKubeconfig(dir, "tokfile", cluster, { tokenFile: "token" })),
      )).length > 0,
    );
    await assert.rejects(
      whoCanList(await clientFrom(await writeKubeconfig(dir, "bad", cluster, { token: "wrong" }))),
      (e) => isAuthError(e),
    );
  });
});

Deno.test("an exec credential plugin's token authenticates", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("from-plugin", "bob", { groups: ["system:masters"] });
    await Deno.writeTextFile(
      `${dir}/plugin.sh`,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'\n`,
    );
    await Deno.chmod(`${dir}/plugin.sh`, 0o755);
    const path = await writeKubeconfig(dir, "exec", {
      server: server.url,
      "certificate-authority-data": btoa(server.tls!.caPem),
    }, { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "./plugin.sh" } });
    assert.ok((await whoCanList(await clientFrom(path))).length > 0);
  });
});

Deno.test("the configured CA is required: without it the server certificate is refused", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("t", "u", { groups: ["system:masters"] });
    const path = await writeKubeconfig(dir, "noca", { server: server.url }, { token: "t" });
    await assert.rejects(
      whoCanList(await clientFrom(path)),
      (e) => e instanceof KubeTransportError,
    );
  });
});

Deno.test("insecure-skip-tls-verify connects without a CA (node:https transport)", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("t", "u", { groups: ["system:masters"] });
    const path = await writeKubeconfig(dir, "insecure", {
      server: server.url,
      "insecure-skip-tls-verify": true,
    }, { token: "t" });
    const client = await clientFrom(path);
    assert.equal((await client.transport()).kind, "node-https");
    assert.ok((await whoCanList(client)).includes("default"));
  });
});

Deno.test("tls-server-name is the name verified: the right one connects, a wrong one is refused", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("t", "u", { groups: ["system:masters"] });
    const cluster = { server: server.url, "certificate-authority-data": btoa(server.tls!.caPem) };
    const good = await writeKubeconfig(dir, "sni", {
      ...cluster,
      "tls-server-name": server.tls!.serverName,
    }, { token: "t" });
    assert.ok((await whoCanList(await clientFrom(good))).includes("default"));
    const wrong = await writeKubeconfig(dir, "sni-wrong", {
      ...cluster,
      "tls-server-name": "not-the-server.example",
    }, { token: "t" });
    await assert.rejects(
      whoCanList(await clientFrom(wrong)),
      (e) => e instanceof KubeTransportError,
    );
  });
});

Deno.test("a read-only user is refused writes with 403 carrying the server's message", async () => {
  await withServer({ tls: true }, async (server, _client, dir) => {
    server.addToken("ro", "viewer", { readOnly: true });
    const path = await writeKubeconfig(dir, "ro", {
      server: server.url,
      "certificate-authority-data": btoa(server.tls!.caPem),
    }, { token: "ro" });
    const client = await clientFrom(path);
    try {
      await assert.rejects(
        client.create(CONFIGMAPS, { metadata: { namespace: "default", name: "x" } }),
        (e) => isAuthError(e) && /forbidden/.test((e as Error).message),
      );
    } finally {
      await client.close();
    }
  });
});
