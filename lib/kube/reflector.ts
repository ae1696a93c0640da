/**
 * The reflector: keeps a cache equal to the server's state of one resource type, as client-go's
 * `tools/cache/reflector.go` does. It lists (page by page), then watches from the list's
 * resourceVersion with bookmarks; when a watch ends cleanly it watches again from the last version
 * seen; on `410 Expired` it lists again and reconciles the cache with the fresh list (objects that
 * vanished meanwhile are deleted); on other errors it backs off with jitter and tries again. It stops
 * only when its signal aborts.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { KubeObject, WatchEvent } from "../types/mod.ts";
import { Backoff } from "./backoff.ts";
import type { KubeClient } from "./client.ts";
import { isExpired } from "./errors.ts";
import type { ResourceType } from "./resources.ts";
import { watch } from "./watch.ts";

/** Where the reflector puts what it learns. */
export interface ReflectorSink<T extends KubeObject> {
  /** The complete current state (after a list). */
  replace(items: T[], resourceVersion: string): void;
  /** One change (ADDED, MODIFIED or DELETED; bookmarks are not passed on). */
  apply(event: WatchEvent<T>): void;
}

/** Options for {@link runReflector}. */
export interface ReflectorOptions {
  /** Watch one namespace; all when absent. */
  namespace?: string;
  /** Label selector. */
  labelSelector?: string;
  /** Field selector. */
  fieldSelector?: string;
  /** Page size of lists. @default 500 */
  pageSize?: number;
  /** Time source for backoff. @default systemClock */
  clock?: Clock;
  /** Logger. @default silentLogger */
  logger?: Logger;
  /** Backoff between failed attempts. @default new Backoff() (800 ms → 30 s, jitter) */
  backoff?: Backoff;
  /** Watch duration range asked of the server, seconds (random in [min, 2·min)). @default 300 */
  minWatchTimeoutSeconds?: number;
}

async function listAll<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType<T>,
  options: ReflectorOptions,
  signal: AbortSignal,
): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let cont: string | undefined;
  let resourceVersion = "";
  do {
    const page = await client.list(type, {
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
      limit: options.pageSize ?? 500,
      ...(cont ? { continue: cont } : {}),
      signal,
    });
    for (const item of page.items) items.push(item);
    cont = page.metadata.continue || undefined;
    resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
  } while (cont);
  return { items, resourceVersion };
}

/**
 * Runs the list-and-watch loop until `signal` aborts. Never rejects for server errors: it logs them
 * and retries with backoff.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * runReflector(client, GATEWAYS, { replace, apply }, stop.signal);
 * ```
 */
export async function runReflector<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType<T>,
  sink: ReflectorSink<T>,
  signal: AbortSignal,
  options: ReflectorOptions = {},
): Promise<void> {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).with({ resource: type.plural });
  const backoff = options.backoff ?? new Backoff({ clock });
  const minTimeout = options.minWatchTimeoutSeconds ?? 300;
  let resourceVersion: string | undefined;
  let needList = true;
  let expiredInARow = 0;
  while (!signal.aborted) {
    try {
      if (needList) {
        const list = await listAll(client, type, options, signal);
        sink.replace(list.items, list.resourceVersion);
        resourceVersion = list.resourceVersion;
        needList = false;
        log.debug("listed", { items: list.items.length, resourceVersion });
      }
      const started = clock.now();
      let events = 0;
      for await (
        const event of watch(client, type, {
          ...(options.namespace ? { namespace: options.namespace } : {}),
          ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
          ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
          ...(resourceVersion ? { resourceVersion } : {}),
          timeoutSeconds: Math.floor(minTimeout * (1 + Math.random())),
          signal,
        })
      ) {
        events++;
        resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
        expiredInARow = 0;
        if (event.type !== "BOOKMARK") sink.apply(event);
      }
      if (events === 0 && clock.now() - started < 1000) {
        throw new Error("the watch ended within a second without events");
      }
      backoff.reset();
    } catch (error) {
      if (signal.aborted) break;
      if (isExpired(error) && expiredInARow++ === 0) {
        log.info("resource version too old; listing again", { resourceVersion });
        needList = true;
        continue;
      }
      if (isExpired(error)) needList = true;
      const delay = backoff.next();
      log.warn(needList ? "list failed; retrying" : "watch failed; retrying", {
        error,
        delayMs: Math.round(delay),
      });
      try {
        await clock.sleep(delay, signal);
      } catch {
        break;
      }
    }
  }
}
