/**
 * Test fixture: a KubeClient for a running embedded API server, built through the real kubeconfig
 * loader. For this directory's integration tests only.
 *
 * @module
 */
import { type ApiServer, type ApiServerOptions, startApiServer } from "../apiserver/mod.ts";
import { KubeClient, type KubeClientOptions } from "./client.ts";
import { loadClusterConfig } from "./config.ts";

/** Runs `fn` with a fresh API server and a client for it; stops both afterwards. */
export async function withServer(
  options: ApiServerOptions,
  fn: (server: ApiServer, client: KubeClient, dir: string) => Promise<void>,
  clientOptions: KubeClientOptions = {},
): Promise<void> {
  const server = await startApiServer(options);
  const dir = await Deno.makeTempDir({ prefix: "l4gw-kube-" });
  const clients: KubeClient[] = [];
  try {
    await server.writeKubeconfig(`${dir}/kubeconfig`);
    const client = new KubeClient(
      await loadClusterConfig({ kubeconfig: `${dir}/kubeconfig` }),
      clientOptions,
    );
    clients.push(client);
    await fn(server, client, dir);
  } finally {
    for (const c of clients) await c.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes a kubeconfig for `server` with the given user stanza and cluster extras; returns its path. */
export async function writeKubeconfig(
  dir: string,
  file: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
): Promise<string> {
  const path = `${dir}/${file}`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "t",
      clusters: [{ name: "c", cluster }],
      users: [{ name: "u", user }],
      contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
    }),
  );
  return path;
}
