/**
 * The embedded Kubernetes API server: kube-apiserver 1.32 semantics for the kinds l4gw uses, served
 * over HTTP or HTTPS on 127.0.0.1, for tests, benchmarks and the `sandbox` command.
 *
 * @example
 * ```ts
 * import { startApiServer } from "./lib/apiserver/mod.ts";
 * const server = await startApiServer({ bundle: "standard" });
 * await server.writeKubeconfig("/tmp/kubeconfig");
 * // kubectl --kubeconfig /tmp/kubeconfig get gatewayclasses
 * await server.stop();
 * ```
 *
 * @module
 */
export { type ApiServer, type ApiServerOptions, startApiServer } from "./server.ts";
export type { Store, StoreListOptions } from "./store.ts";
export { defaultFaults, type Faults, type FaultSettings } from "./faults.ts";
export type { TlsInfo } from "./tls.ts";
export { ApiError, type Status } from "./errors.ts";
export type { KubeObject, ObjectMeta, OwnerReference } from "./types.ts";
export type { DeleteOptions } from "./api_delete.ts";
export { BUNDLE_VERSION, type BundleShape } from "./gateway_crds.ts";
export { formatMicroTime, formatTime } from "./meta_time.ts";
