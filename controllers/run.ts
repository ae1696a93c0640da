/**
 * The `run` command: the controller against a cluster.
 *
 * 1. configuration (kubeconfig, context, in-cluster) and one client;
 * 2. discovery of the Gateway API versions served (retried while the API server is unreachable);
 * 3. the manager (informers, address book, controllers), the Event recorder, project metrics;
 * 4. `/metrics`, `/healthz`, `/readyz`;
 * 5. leader election, or the controllers at once;
 * 6. on SIGTERM/SIGINT: stop taking work, finish in-flight reconciles, release the lease, exit 0.
 *
 * @module
 */
import type { RunOptions } from "../lib/cli.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { serveEndpoints } from "../lib/endpoints.ts";
import { KubeClient } from "../lib/kube/client.ts";
import { loadClusterConfig } from "../lib/kube/config.ts";
import { EventRecorder } from "../lib/kube/events.ts";
import { defaultIdentity, LeaderElector } from "../lib/kube/leader_election.ts";
import { discoverGatewayVersions, type GatewayVersions } from "../lib/kube/resources.ts";
import { createLogger, type Logger } from "../lib/log.ts";
import { Metrics } from "../lib/metrics.ts";
import { VERSION } from "../lib/version.ts";
import { Manager } from "./manager.ts";
import { registerProcessMetrics, registerProjectMetrics } from "./observability.ts";

/** Ways to drive {@link runController} from inside a process (the sandbox, tests). */
export interface RunHooks {
  /** Stops the controller like SIGTERM does. */
  stop?: AbortSignal;
  /** Replaces the logger made from the flags. */
  logger?: Logger;
  /** Time source. */
  clock?: Clock;
}

const SERVICE_ACCOUNT_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

function leaseNamespace(flag: string): string {
  if (flag) return flag;
  try {
    return Deno.readTextFileSync(SERVICE_ACCOUNT_NAMESPACE).trim() || "kube-system";
  } catch {
    return "kube-system";
  }
}

async function discover(client: KubeClient, log: Logger, signal: AbortSignal, clock: Clock) {
  for (let delay = 1_000;; delay = Math.min(delay * 2, 30_000)) {
    try {
      return await discoverGatewayVersions((path) => client.discover(path));
    } catch (error) {
      if (signal.aborted) return undefined;
      log.warn("cannot reach the API server for discovery; retrying", { error, retryInMs: delay });
      try {
        await clock.sleep(delay, signal);
      } catch {
        return undefined;
      }
    }
  }
}

function stopSignal(hooks: RunHooks): { signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  const onSignal = () => stop.abort(new Error("signal"));
  const signals: Deno.Signal[] = ["SIGTERM", "SIGINT"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  hooks.stop?.addEventListener("abort", onSignal, { once: true });
  if (hooks.stop?.aborted) onSignal();
  return {
    signal: stop.signal,
    dispose: () => {
      for (const s of signals) Deno.removeSignalListener(s, onSignal);
      hooks.stop?.removeEventListener("abort", onSignal);
    },
  };
}

function describeVersions(v: GatewayVersions): Record<string, string> {
  return {
    tcpRoute: v.tcpRoutes?.version ?? "not served",
    udpRoute: v.udpRoutes?.version ?? "not served",
    referenceGrant: v.referenceGrants?.version ?? "not served",
  };
}

/** Runs the controller until SIGTERM/SIGINT (or `hooks.stop`); returns the exit code. */
export async function runController(options: RunOptions, hooks: RunHooks = {}): Promise<number> {
  const log = hooks.logger ?? createLogger({ level: options.logLevel, format: options.logFormat });
  const clock = hooks.clock ?? systemClock;
  log.info("starting l4gw", { version: VERSION, controllerName: options.gatewayClassName });
  const stop = stopSignal(hooks);
  try {
    const config = await loadClusterConfig({
      ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context ? { context: options.context } : {}),
    });
    const client = new KubeClient(config, { logger: log, clock });
    try {
      return await runWithClient(client, options, log, clock, stop.signal);
    } finally {
      await client.close();
    }
  } catch (error) {
    log.error("the controller stopped on an error", { error });
    return 1;
  } finally {
    stop.dispose();
  }
}

async function runWithClient(
  client: KubeClient,
  options: RunOptions,
  log: Logger,
  clock: Clock,
  signal: AbortSignal,
): Promise<number> {
  const versions = await discover(client, log, signal, clock);
  if (!versions) return 0;
  if (!versions.gatewaysServed) {
    log.error(
      "the Gateway API CRDs are not installed (GatewayClass and Gateway v1 are not served); install " +
        "the Gateway API v1.6 release CRDs and start l4gw again",
    );
    return 1;
  }
  log.info("Gateway API discovered", describeVersions(versions));
  const metrics = new Metrics();
  const identity = defaultIdentity();
  const recorder = new EventRecorder(client, {
    controller: options.gatewayClassName,
    instance: identity,
    clock,
    logger: log,
  });
  const manager = new Manager({ client, versions, options, log, clock, metrics, recorder });
  registerProjectMetrics(metrics, manager.informers, manager.book.inUse, options.gatewayClassName);
  registerProcessMetrics(metrics);
  manager.startInformers();
  let lost = false;
  const abortOnLoss = new AbortController();
  const elector = options.leaderElect
    ? new LeaderElector(client, {
      namespace: leaseNamespace(options.leaderElectionNamespace),
      name: options.leaderElectionId,
      identity,
      leaseDurationMs: options.leaderElectionLeaseDuration,
      renewDeadlineMs: options.leaderElectionRenewDeadline,
      retryPeriodMs: options.leaderElectionRetryPeriod,
      onStartedLeading: () => {
        log.info("leading: starting the controllers", { identity });
        manager.startControllers(signal).catch((error) => log.error("cannot start", { error }));
      },
      onStoppedLeading: () => {
        if (signal.aborted) return;
        lost = true;
        log.error("lost the leader lease; exiting so that a standby takes over", { identity });
        abortOnLoss.abort();
      },
      onNewLeader: (leader) => log.info("leader observed", { leader }),
      metrics,
      clock,
      logger: log,
    })
    : undefined;
  const endpoints = [
    serveEndpoints(options.metricsBindAddress, {
      "/metrics": async () => ({
        status: 200,
        body: await metrics.render(),
        contentType: metrics.contentType,
      }),
    }),
    serveEndpoints(options.healthProbeBindAddress, {
      "/healthz": () => ({ status: 200, body: "ok" }),
      "/readyz": () =>
        manager.hasSynced()
          ? { status: 200, body: elector && !elector.isLeader() ? "ok (standing by)" : "ok" }
          : { status: 503, body: "informer caches are not synced yet" },
    }),
  ];
  const [metricsServer, probeServer] = endpoints;
  if (metricsServer) log.info("serving metrics", { address: metricsServer.address });
  if (probeServer) log.info("serving health probes", { address: probeServer.address });
  if (elector) elector.start();
  else manager.startControllers(signal).catch((error) => log.error("cannot start", { error }));

  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
    abortOnLoss.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  log.info("shutting down: finishing in-flight work");
  await manager.stop();
  await elector?.stop();
  await recorder.close();
  await Promise.all(endpoints.map((e) => e?.stop()));
  log.info("stopped");
  return lost ? 1 : 0;
}
