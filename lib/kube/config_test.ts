import assert from "node:assert/strict";
import { loadClusterConfig } from "./config.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "l4gw-kubeconfig-" });
}

function kubeconfig(o: {
  current?: string;
  clusters?: Record<string, Record<string, unknown>>;
  users?: Record<string, Record<string, unknown>>;
  contexts?: Record<string, Record<string, unknown>>;
}): string {
  const list = (m: Record<string, Record<string, unknown>> | undefined, field: string) =>
    Object.entries(m ?? {}).map(([name, v]) => ({ name, [field]: v }));
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    ...(o.current ? { "current-context": o.current } : {}),
    clusters: list(o.clusters, "cluster"),
    users: list(o.users, "user"),
    contexts: list(o.contexts, "context"),
  });
}

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("a $KUBECONFIG list is merged as kubectl does: first definition and first current-context win", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(
    `${dir}/a`,
    kubeconfig({
      current: "first",
      clusters: { c1: { server: "https://one.example:6443/" } },
      contexts: { first: { cluster: "c1", user: "u1", namespace: "team-a" } },
      users: { u1: { token: "from-a" } },
    }),
  );
  await Deno.writeTextFile(
    `${dir}/b`,
    kubeconfig({
      current: "second",
      clusters: { c1: { server: "https://ignored" }, c2: { server: "http://127.0.0.1:8080" } },
      contexts: { second: { cluster: "c2", user: "u1" } },
      users: { u1: { token: "ignored" } },
    }),
  );
  const list = `${dir}/missing:${dir}/a:${dir}/b`;
  const config = await loadClusterConfig({ env: env({ KUBECONFIG: list }) });
  assert.equal(config.server, "https://one.example:6443");
  assert.equal(config.namespace, "team-a");
  assert.deepEqual(await config.credentials.get(), { token: "from-a" });

  const other = await loadClusterConfig({ env: env({ KUBECONFIG: list }), context: "second" });
  assert.equal(other.server, "http://127.0.0.1:8080");
  assert.equal(other.namespace, "default");
  assert.deepEqual(
    await other.credentials.get(),
    { token: "from-a" },
    "u1 comes from the first file",
  );
});

Deno.test("certificate paths are resolved against the file that names them; data fields are base64", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/sub/pki`, { recursive: true });
  await Deno.writeTextFile(`${dir}/sub/pki/ca.pem`, "CA PEM");
  await Deno.writeTextFile(`${dir}/sub/pki/key.pem`, "KEY PEM");
  await Deno.writeTextFile(
    `${dir}/sub/config`,
    kubeconfig({
      current: "x",
      clusters: {
        c: {
          server: "https://k",
          "certificate-authority": "pki/ca.pem",
          "tls-server-name": "kubernetes",
        },
      },
      users: { u: { "client-certificate-data": btoa("CERT PEM"), "client-key": "pki/key.pem" } },
      contexts: { x: { cluster: "c", user: "u" } },
    }),
  );
  const config = await loadClusterConfig({ kubeconfig: `${dir}/sub/config`, env: env({}) });
  assert.equal(config.caPem, "CA PEM");
  assert.equal(config.certPem, "CERT PEM");
  assert.equal(config.keyPem, "KEY PEM");
  assert.equal(config.tlsServerName, "kubernetes");
  assert.equal(config.insecureSkipTlsVerify, undefined);
});

Deno.test("a missing context, cluster, user or file gets an error naming it", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(
    `${dir}/c`,
    kubeconfig({
      current: "x",
      clusters: { c: { server: "https://k", "certificate-authority": "nope.pem" } },
      users: {},
      contexts: { x: { cluster: "c", user: "ghost" }, y: { cluster: "c" } },
    }),
  );
  await assert.rejects(
    loadClusterConfig({ kubeconfig: `${dir}/c`, context: "z", env: env({}) }),
    /Cannot find context "z" in kubeconfig/,
  );
  await assert.rejects(
    loadClusterConfig({ kubeconfig: `${dir}/c`, env: env({}) }),
    /no user "ghost"/,
  );
  await assert.rejects(
    loadClusterConfig({ kubeconfig: `${dir}/c`, context: "y", env: env({}) }),
    /Cannot read CA .*nope\.pem/,
  );
  await assert.rejects(
    loadClusterConfig({ kubeconfig: `${dir}/absent`, env: env({}) }),
    /Cannot read kubeconfig .*absent/,
  );
  await assert.rejects(loadClusterConfig({ env: env({}) }), /Cannot find a cluster configuration/);
});

Deno.test("in a pod the service account is used: CA, namespace, and a token re-read after it rotates", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/ca.crt`, "CA");
  await Deno.writeTextFile(`${dir}/namespace`, "l4gw-system\n");
  await Deno.writeTextFile(`${dir}/token`, "token-1\n");
  const config = await loadClusterConfig({
    env: env({ KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443", HOME: dir }),
    serviceAccountDir: dir,
  });
  assert.equal(config.server, "https://[fd00::1]:443");
  assert.equal(config.namespace, "l4gw-system");
  assert.equal(config.caPem, "CA");
  assert.deepEqual(await config.credentials.get(), { token: "token-1" });
  await Deno.writeTextFile(`${dir}/token`, "token-2\n");
  config.credentials.invalidate();
  assert.deepEqual(await config.credentials.get(), { token: "token-2" });
});

Deno.test("$KUBECONFIG wins over the service account, which wins over ~/.kube/config", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/.kube`);
  await Deno.writeTextFile(
    `${dir}/.kube/config`,
    kubeconfig({
      current: "h",
      clusters: { c: { server: "https://home" } },
      contexts: { h: { cluster: "c" } },
    }),
  );
  await Deno.writeTextFile(`${dir}/ca.crt`, "CA");
  assert.equal((await loadClusterConfig({ env: env({ HOME: dir }) })).server, "https://home");
  const pod = { HOME: dir, KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" };
  assert.equal(
    (await loadClusterConfig({ env: env(pod), serviceAccountDir: dir })).server,
    "https://10.96.0.1:443",
  );
  assert.equal(
    (await loadClusterConfig({ env: env({ ...pod, KUBECONFIG: `${dir}/.kube/config` }) })).server,
    "https://home",
  );
});

Deno.test("an exec plugin is run once and its token cached until expirationTimestamp", async () => {
  const dir = await tempDir();
  const script = `${dir}/plugin.sh`;
  await Deno.writeTextFile(
    script,
    `#!/bin/sh
echo run >> "${dir}/runs"
n=$(wc -l < "${dir}/runs")
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s-%s","expirationTimestamp":"2999-01-01T00:00:00Z"}}' "$n" "$GREETING"
`,
  );
  await Deno.chmod(script, 0o755);
  await Deno.writeTextFile(
    `${dir}/config`,
    kubeconfig({
      current: "x",
      clusters: { c: { server: "https://k" } },
      users: {
        u: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1",
            command: "./plugin.sh",
            env: [{ name: "GREETING", value: "hi" }],
          },
        },
      },
      contexts: { x: { cluster: "c", user: "u" } },
    }),
  );
  const config = await loadClusterConfig({ kubeconfig: `${dir}/config`, env: env({}) });
  const [a, b] = await Promise.all([config.credentials.get(), config.credentials.get()]);
  assert.deepEqual(a, { token: "tok-1-hi" });
  assert.deepEqual(b, { token: "tok-1-hi" }, "concurrent callers share one run");
  assert.deepEqual(await config.credentials.get(), { token: "tok-1-hi" });
  config.credentials.invalidate();
  assert.deepEqual(await config.credentials.get(), { token: "tok-2-hi" }, "a 401 runs it again");
});

Deno.test("a failing exec plugin gets an error with its exit code and message", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/p.sh`, "#!/bin/sh\necho 'not logged in' >&2\nexit 3\n");
  await Deno.chmod(`${dir}/p.sh`, 0o755);
  await Deno.writeTextFile(
    `${dir}/config`,
    kubeconfig({
      current: "x",
      clusters: { c: { server: "https://k" } },
      users: { u: { exec: { command: `${dir}/p.sh` } } },
      contexts: { x: { cluster: "c", user: "u" } },
    }),
  );
  const config = await loadClusterConfig({ kubeconfig: `${dir}/config`, env: env({}) });
  await assert.rejects(config.credentials.get(), /exited with code 3: not logged in/);
});
