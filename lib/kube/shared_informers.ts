/**
 * Shared informers: one {@link Informer} per resource type (and namespace/selector), started once,
 * used by every controller that reads that type, so each kind is listed and watched once per process.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { KubeObject } from "../types/mod.ts";
import type { IndexFunc } from "./cache.ts";
import type { KubeClient } from "./client.ts";
import type { SyncSource } from "./controller.ts";
import { Informer } from "./informer.ts";
import type { ResourceType } from "./resources.ts";

/** Options for {@link SharedInformers}. */
export interface SharedInformersOptions {
  /** Watch only this namespace (namespaced kinds); all when empty. @default "" */
  namespace?: string;
  /** Time source. */
  clock?: Clock;
  /** Logger. */
  logger?: Logger;
}

/** Per-informer options for {@link SharedInformers.informer}. */
export interface SharedInformerOptions<T extends KubeObject> {
  /** Indexes this caller needs (added if missing). */
  indexers?: Record<string, IndexFunc<T>>;
  /** Overrides the factory namespace (e.g. the IPAM ConfigMap's). */
  namespace?: string;
  /** Field selector (e.g. `metadata.name=kubevip`). */
  fieldSelector?: string;
  /** Label selector. */
  labelSelector?: string;
  /** Changes objects before they are cached (the first requester's transform applies). */
  transform?: (object: T) => T;
}

/**
 * A factory and registry of informers.
 *
 * @example
 * ```ts
 * const informers = new SharedInformers(client, { namespace: flags.namespace });
 * const gateways = informers.informer(GATEWAYS);
 * const routes = informers.informer(versions.tcpRoutes!, { indexers: { gateway: gatewaysOf } });
 * informers.start();
 * await informers.whenSynced();
 * ```
 */
export class SharedInformers implements SyncSource {
  readonly #client: KubeClient;
  readonly #options: SharedInformersOptions;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  #started = false;

  constructor(client: KubeClient, options: SharedInformersOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** The informer for `type` (created on first request; started if the factory runs). */
  informer<T extends KubeObject>(
    type: ResourceType<T>,
    options: SharedInformerOptions<T> = {},
  ): Informer<T> {
    const namespace = type.namespaced ? (options.namespace ?? this.#options.namespace ?? "") : "";
    const id = [
      type.group,
      type.version,
      type.plural,
      namespace,
      options.fieldSelector ?? "",
      options.labelSelector ?? "",
    ].join("|");
    let informer = this.#informers.get(id) as Informer<T> | undefined;
    if (!informer) {
      informer = new Informer<T>(this.#client, type, {
        ...(namespace ? { namespace } : {}),
        ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
        ...(options.transform ? { transform: options.transform } : {}),
        ...(this.#options.clock ? { clock: this.#options.clock } : {}),
        ...(this.#options.logger ? { logger: this.#options.logger } : {}),
      });
      this.#informers.set(id, informer as unknown as Informer<KubeObject>);
      if (this.#started) informer.start();
    }
    for (const [name, fn] of Object.entries(options.indexers ?? {})) {
      if (!informer.hasIndex(name)) informer.addIndexer(name, fn);
    }
    return informer;
  }

  /** Starts every informer, and those requested later. */
  start(): void {
    this.#started = true;
    for (const informer of this.#informers.values()) informer.start();
  }

  /** True when every informer has synced. */
  hasSynced(): boolean {
    return [...this.#informers.values()].every((i) => i.hasSynced());
  }

  /** Resolves when every informer has synced. */
  async whenSynced(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i.whenSynced(signal)));
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
  }
}
