/**
 * What every controller shares: the client, the caches, the address book, settings, time, logging,
 * Events and metrics.
 *
 * @module
 */
import type { Clock } from "../lib/clock.ts";
import type { KubeClient } from "../lib/kube/client.ts";
import { Controller, type Reconciler, type SyncSource } from "../lib/kube/controller.ts";
import type { Expectations } from "../lib/kube/expectations.ts";
import type { EventRecorder } from "../lib/kube/events.ts";
import type { ResourceType } from "../lib/kube/resources.ts";
import type { Logger } from "../lib/log.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { TranslateConfig } from "../lib/translate_types.ts";
import type { L4Route } from "../lib/types/mod.ts";
import type { AddressBook } from "./address_book.ts";
import type { Caches, SnapshotContext } from "./snapshot.ts";
import type { WriteContext } from "./writes.ts";

/** Dependencies of the controllers. */
export interface ControllerDeps {
  client: KubeClient;
  caches: Caches;
  book: AddressBook;
  config: TranslateConfig;
  /** The route kinds this cluster serves, at the version it serves them. */
  routeTypes: {
    TCPRoute?: ResourceType<L4Route> | undefined;
    UDPRoute?: ResourceType<L4Route> | undefined;
  };
  clock: Clock;
  log: Logger;
  workers: number;
  /** Writes not yet seen by the informers, per reconciling key. */
  expectations: Expectations;
  /** Caches to wait for before any worker starts (decisions on a partial cache would be wrong). */
  synced: SyncSource;
  recorder?: EventRecorder | undefined;
  metrics?: Metrics | undefined;
}

/** The snapshot context at this moment (time, addresses in use, pending allocations). */
export function snapshotContext(deps: ControllerDeps): SnapshotContext {
  return {
    config: deps.config,
    now: deps.clock.now(),
    addressesInUse: deps.book.view(),
    pendingAddresses: deps.book.pendingAddresses(),
  };
}

/** The write context of one reconcile of `owner` (`<controller>:<key>`). */
export function writeContext(
  deps: ControllerDeps,
  owner: string,
  log: Logger,
  signal: AbortSignal,
): WriteContext {
  return {
    client: deps.client,
    caches: deps.caches,
    log,
    signal,
    expectations: deps.expectations,
    owner,
  };
}

/**
 * The owner name of a controller's key in the expectations (`gateway:demo/edge`), and how long its
 * reconcile must wait for its own earlier writes to reach the cache (0: not at all).
 */
export function ownWrites(
  deps: ControllerDeps,
  controller: string,
  key: string,
): { owner: string; wait: number } {
  const owner = `${controller}:${key}`;
  const wait = deps.expectations.pending(owner);
  if (wait > 0) {
    deps.log.debug("waiting for earlier writes to reach the cache", { owner, waitMs: wait });
  }
  return { owner, wait };
}

/**
 * A controller with the shared settings: workers per controller, no work before every cache has
 * synced, the process clock, logger and metrics.
 */
export function newController(
  deps: ControllerDeps,
  name: string,
  reconcile: Reconciler,
): Controller {
  return new Controller({
    name,
    workers: deps.workers,
    waitFor: [deps.synced],
    clock: deps.clock,
    logger: deps.log,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    reconcile,
  });
}
