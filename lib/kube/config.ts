/**
 * Which configuration the controller uses, in controller-runtime's order (`config.GetConfig`):
 * `--kubeconfig` (a path or a `:`-separated list), then `$KUBECONFIG` (a list, merged as kubectl
 * merges it), then the in-cluster service account, then `~/.kube/config`.
 *
 * @module
 */
import { inClusterConfig, isInCluster } from "./in_cluster.ts";
import { type ClusterConfig, readKubeconfigs, resolveContext } from "./kubeconfig.ts";

/** Options for {@link loadClusterConfig}. */
export interface LoadConfigOptions {
  /** Explicit kubeconfig path or `:`-separated list (the `--kubeconfig` flag); every file must exist. */
  kubeconfig?: string;
  /** Context to use instead of `current-context`. */
  context?: string;
  /** Environment lookup. @default Deno.env.get */
  env?: (name: string) => string | undefined;
  /** The service account directory for in-cluster config. @default SERVICE_ACCOUNT_DIR */
  serviceAccountDir?: string;
}

function splitList(value: string): string[] {
  return value.split(":").filter((p) => p !== "");
}

/**
 * Loads the cluster configuration.
 *
 * @example
 * ```ts
 * const config = await loadClusterConfig({ kubeconfig: flags.kubeconfig, context: flags.context });
 * const client = new KubeClient(config);
 * ```
 * @throws when no configuration is found, or the one found is broken (the message names the file).
 */
export async function loadClusterConfig(options: LoadConfigOptions = {}): Promise<ClusterConfig> {
  const env = options.env ?? ((name: string) => Deno.env.get(name));
  if (options.kubeconfig) {
    const merged = await readKubeconfigs(splitList(options.kubeconfig), { required: true });
    return resolveContext(merged, options.context);
  }
  const list = env("KUBECONFIG");
  if (list) {
    const merged = await readKubeconfigs(splitList(list));
    if (merged.files.length > 0) return resolveContext(merged, options.context);
  }
  if (isInCluster(env)) {
    return inClusterConfig({
      env,
      ...(options.serviceAccountDir ? { serviceAccountDir: options.serviceAccountDir } : {}),
    });
  }
  const home = env("HOME");
  if (home) {
    const merged = await readKubeconfigs([`${home}/.kube/config`]);
    if (merged.files.length > 0) return resolveContext(merged, options.context);
  }
  throw new Error(
    "Cannot find a cluster configuration: pass --kubeconfig, set $KUBECONFIG, run in a pod, or create ~/.kube/config",
  );
}
