/**
 * The Kubernetes runtime of l4gw: configuration, REST client, watches, informers, work queue,
 * controller runner, leader election, events and writers.
 *
 * A typical wiring (what `main.ts` does):
 *
 * @example
 * ```ts
 * import * as kube from "./lib/kube/mod.ts";
 * import { metrics } from "./lib/metrics.ts";
 *
 * const client = new kube.KubeClient(await kube.loadClusterConfig({ kubeconfig, context }));
 * const versions = await kube.discoverGatewayVersions((p) => client.discover(p));
 * const informers = new kube.SharedInformers(client, { namespace });
 * const gateways = informers.informer(kube.GATEWAYS);
 * const elector = new kube.LeaderElector(client, { namespace: "l4gw-system", name: "l4gw", metrics });
 * const events = new kube.EventRecorder(client, { controller: "kube-vip.io/l4gw", instance: elector.identity });
 * const controller = new kube.Controller({ name: "gateway", workers: 2, waitFor: [informers], metrics,
 *   reconcile: async (key, signal) => {
 *     if (!elector.isLeader()) return;
 *     const { namespace, name } = splitKey(key);
 *     const gw = gateways.get(namespace, name);
 *     // … translate, then kube.applyObject / kube.updateStatusIfChanged …
 *   } });
 * gateways.addHandler({ onAdd: (o) => controller.enqueue(objectKey(o)),
 *   onUpdate: (_, o) => controller.enqueue(objectKey(o)), onDelete: (o) => controller.enqueue(objectKey(o)) });
 * informers.start();
 * elector.start();
 * await controller.start();
 * ```
 *
 * @module
 */
export * from "./apply.ts";
export * from "./backoff.ts";
export * from "./cache.ts";
export * from "./client.ts";
export * from "./compare.ts";
export * from "./config.ts";
export * from "./controller.ts";
export * from "./credentials.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./in_cluster.ts";
export * from "./informer.ts";
export * from "./kubeconfig.ts";
export * from "./leader_election.ts";
export * from "./micro_time.ts";
export * from "./rate_limiter.ts";
export * from "./reflector.ts";
export * from "./resources.ts";
export * from "./shared_informers.ts";
export * from "./transport.ts";
export * from "./watch.ts";
export * from "./workqueue.ts";
