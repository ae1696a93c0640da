/**
 * In-cluster configuration from the pod's service account, as client-go's `rest.InClusterConfig`:
 * `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, the mounted CA, namespace and token (re-read
 * every minute, because projected tokens rotate).
 *
 * @module
 */
import { tokenFileCredentials } from "./credentials.ts";
import type { ClusterConfig } from "./kubeconfig.ts";

/** Where Kubernetes mounts the service account. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Options for {@link inClusterConfig}. */
export interface InClusterOptions {
  /** Environment lookup. @default Deno.env.get */
  env?: (name: string) => string | undefined;
  /** The mounted service account directory. @default SERVICE_ACCOUNT_DIR */
  serviceAccountDir?: string;
}

/** True when the process looks like it runs in a pod (both service env variables set). */
export function isInCluster(env: (name: string) => string | undefined = Deno.env.get): boolean {
  return Boolean(env("KUBERNETES_SERVICE_HOST") && env("KUBERNETES_SERVICE_PORT"));
}

/**
 * The in-cluster {@link ClusterConfig}.
 *
 * @throws when the environment variables or the mounted CA are missing, naming what is missing.
 */
export async function inClusterConfig(options: InClusterOptions = {}): Promise<ClusterConfig> {
  const env = options.env ?? ((name: string) => Deno.env.get(name));
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env("KUBERNETES_SERVICE_HOST");
  const port = env("KUBERNETES_SERVICE_PORT");
  if (!host || !port) {
    throw new Error(
      "Cannot load in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set",
    );
  }
  let caPem: string;
  try {
    caPem = await Deno.readTextFile(`${dir}/ca.crt`);
  } catch (error) {
    throw new Error(
      `Cannot load in-cluster configuration: cannot read ${dir}/ca.crt: ${
        (error as Error).message
      }`,
    );
  }
  let namespace = "default";
  try {
    namespace = (await Deno.readTextFile(`${dir}/namespace`)).trim() || "default";
  } catch {
    // a pod without the namespace file uses "default", as client-go does
  }
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    caPem,
    credentials: tokenFileCredentials(`${dir}/token`),
    namespace,
    source: "in-cluster service account",
  };
}
