/**
 * The manager: one client, one set of informers, the address book and the four controllers, wired
 * together. Informers start at once (standbys keep warm caches); controllers' workers start only
 * when told to (when this process leads, or at once without leader election).
 *
 * @module
 */
import type { DecisionOptions } from "../lib/cli.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import type { Controller } from "../lib/kube/controller.ts";
import type { KubeClient } from "../lib/kube/client.ts";
import type { EventRecorder } from "../lib/kube/events.ts";
import type { GatewayVersions } from "../lib/kube/resources.ts";
import { SharedInformers } from "../lib/kube/shared_informers.ts";
import { Expectations } from "../lib/kube/expectations.ts";
import type { Informer } from "../lib/kube/informer.ts";
import type { KubeObject } from "../lib/types/mod.ts";
import type { Logger } from "../lib/log.ts";
import type { Metrics } from "../lib/metrics.ts";
import { configFromOptions } from "../lib/translate_config.ts";
import { AddressBook } from "./address_book.ts";
import type { ControllerDeps } from "./context.ts";
import { gatewayController, gatewaysWaitingForAddress, watchForGateways } from "./gateway.ts";
import { gatewayClassController, watchForGatewayClasses } from "./gatewayclass.ts";
import { createInformers, type Informers } from "./informers.ts";
import { watchForRoutes } from "./route.ts";
import { tcpRouteController } from "./tcproute.ts";
import { udpRouteController } from "./udproute.ts";

/** Options for {@link Manager}. */
export interface ManagerOptions {
  client: KubeClient;
  /** Which versions of the route and grant kinds the cluster serves. */
  versions: GatewayVersions;
  /** Decision flags, plus the namespace to watch (empty: all) and the workers per controller. */
  options: DecisionOptions & { namespace: string; workers: number };
  log: Logger;
  clock?: Clock;
  metrics?: Metrics;
  recorder?: EventRecorder;
}

/** The running parts of the controller process. */
export class Manager {
  /** The informer factory (its `hasSynced` is readiness). */
  readonly factory: SharedInformers;
  /** The caches. */
  readonly informers: Informers;
  /** Addresses in use and pending allocations. */
  readonly book: AddressBook;
  /** The controllers, in start order. */
  readonly controllers: readonly Controller[];
  readonly #log: Logger;
  #running = false;

  constructor(o: ManagerOptions) {
    const clock = o.clock ?? systemClock;
    this.#log = o.log;
    this.factory = new SharedInformers(o.client, {
      namespace: o.options.namespace,
      clock,
      logger: o.log,
    });
    const config = configFromOptions(o.options);
    this.informers = createInformers(this.factory, o.versions, {
      controllerName: config.controllerName,
      ipamConfigMap: config.ipamConfigMap,
    });
    this.book = new AddressBook({
      clock,
      logger: o.log,
      // A freed address may be what a Gateway waits for (it reports AddressNotAssigned meanwhile).
      onFreed: () => {
        for (const key of gatewaysWaitingForAddress(deps)) gateways.enqueue(key);
      },
    });
    const deps: ControllerDeps = {
      client: o.client,
      caches: this.informers,
      book: this.book,
      config,
      routeTypes: { TCPRoute: o.versions.tcpRoutes, UDPRoute: o.versions.udpRoutes },
      clock,
      log: o.log,
      workers: o.options.workers,
      synced: this.factory,
      expectations: new Expectations({
        clock,
        // A met expectation wakes the key that wrote: events it skipped while waiting are decided now.
        onSatisfied: (owner) => {
          const colon = owner.indexOf(":");
          byName.get(owner.slice(0, colon))?.enqueue(owner.slice(colon + 1));
        },
      }),
      recorder: o.recorder,
      metrics: o.metrics,
    };
    this.informers.gateways.addHandler(this.book.gatewayHandler());
    this.informers.services.addHandler(this.book.serviceHandler());
    const classes = gatewayClassController(deps);
    watchForGatewayClasses(this.informers, classes);
    const gateways = gatewayController(deps);
    watchForGateways(this.informers, gateways, deps);
    const routes: Controller[] = [];
    if (o.versions.tcpRoutes) routes.push(tcpRouteController(deps));
    if (o.versions.udpRoutes) routes.push(udpRouteController(deps));
    for (const c of routes) {
      watchForRoutes(this.informers, c, c.name === "tcproute" ? "TCPRoute" : "UDPRoute");
    }
    this.controllers = [classes, gateways, ...routes];
    const byName = new Map(this.controllers.map((c) => [c.name, c]));
    const observed = [
      ["Service", this.informers.services],
      ["EndpointSlice", this.informers.endpointSlices],
      ["Gateway", this.informers.gateways],
      ["GatewayClass", this.informers.gatewayClasses],
      ["TCPRoute", this.informers.tcpRoutes],
      ["UDPRoute", this.informers.udpRoutes],
    ] as const;
    for (const [kind, informer] of observed) {
      (informer as Informer<KubeObject> | undefined)?.addHandler(deps.expectations.handler(kind));
    }
    for (
      const [kind, type] of [["TCPRoute", o.versions.tcpRoutes], [
        "UDPRoute",
        o.versions.udpRoutes,
      ]] as const
    ) {
      if (!type) {
        o.log.warn(
          `${kind} is not served by this cluster (CRD not installed): ${kind}s are ignored`,
        );
      }
    }
  }

  /** Starts listing and watching (idempotent). */
  startInformers(): void {
    this.factory.start();
  }

  /** Whether every cache has its initial list. */
  hasSynced(): boolean {
    return this.factory.hasSynced();
  }

  /** Starts every controller's workers once the caches synced. Resolves when they run. */
  async startControllers(signal?: AbortSignal): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await Promise.all(this.controllers.map((c) => c.start(signal)));
    this.#log.info("controllers running", {
      controllers: this.controllers.map((c) => c.name).join(","),
    });
  }

  /** Whether the controllers run (this process leads, or there is no election). */
  get running(): boolean {
    return this.#running;
  }

  /** Stops the controllers (in-flight reconciles finish), then the informers. */
  async stop(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
    await this.factory.stop();
  }
}
