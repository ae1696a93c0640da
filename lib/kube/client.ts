/**
 * The REST client: get, list, create, update, patch, delete and the status subresource for any
 * {@link ResourceType}, over one {@link Transport}. Every call has a deadline and honours an
 * `AbortSignal`; 429 and 5xx answers are retried with backoff and `Retry-After` (client-go's rule: a
 * write is retried only when the server sent `Retry-After`, i.e. said it did nothing; reads are
 * retried on any 5xx and on connection errors); a 401 refreshes the credentials once. Errors are
 * {@link KubeApiError}s carrying the server's `metav1.Status`.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { KubeList, KubeObject } from "../types/mod.ts";
import { VERSION } from "../version.ts";
import { KubeApiError, KubeTransportError } from "./errors.ts";
import type { ClusterConfig } from "./kubeconfig.ts";
import { apiVersionOf, resourcePath, type ResourceType } from "./resources.ts";
import { createTransport, type Transport } from "./transport.ts";

/** Options for {@link KubeClient}. */
export interface KubeClientOptions {
  /** Deadline of one call, retries included, in ms. @default 30_000 */
  timeoutMs?: number;
  /** Retries of a failed call (429, 5xx, connection errors). @default 5 */
  maxRetries?: number;
  /** Longest `Retry-After` honoured, in ms. @default 10_000 */
  maxRetryAfterMs?: number;
  /** `fieldManager` of writes. @default "l4gw" */
  fieldManager?: string;
  /** Time source for backoff. @default systemClock */
  clock?: Clock;
  /** Logger for retries. @default silentLogger */
  logger?: Logger;
}

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** Options of one request. */
export interface RequestOptions {
  /** Query parameters. */
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** Body content type. @default "application/json" */
  contentType?: string;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Overrides the client's deadline for this call, in ms. */
  timeoutMs?: number;
}

/** Options of a list call. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  signal?: AbortSignal;
}

/** Patch flavours and their content types. */
export const PATCH_TYPES = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
} as const;

/** A patch flavour: RFC 7386 merge, RFC 6902 JSON, or strategic merge (core kinds only). */
export type PatchType = keyof typeof PATCH_TYPES;

/** Options of a write. */
export interface WriteOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Write the `status` subresource. */
  subresource?: "status";
}

function idempotent(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function retryAfterSeconds(res: Response): number | undefined {
  const value = res.headers.get("retry-after");
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * A client for one cluster.
 *
 * @example
 * ```ts
 * const client = new KubeClient(await loadClusterConfig({}));
 * const gw = await client.get(GATEWAYS, "default", "gw");
 * await client.patch(GATEWAYS, "default", "gw", { metadata: { labels: { a: "b" } } });
 * ```
 */
export class KubeClient {
  /** The cluster this client talks to. */
  readonly config: ClusterConfig;
  readonly #options: Required<Omit<KubeClientOptions, "logger" | "clock">>;
  readonly #clock: Clock;
  readonly #log: Logger;
  #transports = new Map<string, Promise<Transport>>();

  constructor(config: ClusterConfig, options: KubeClientOptions = {}) {
    this.config = config;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 5,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
      fieldManager: options.fieldManager ?? "l4gw",
    };
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
  }

  /** The default namespace of the configuration. */
  get namespace(): string {
    return this.config.namespace;
  }

  /** Closes the connection pools. */
  async close(): Promise<void> {
    const transports = [...this.#transports.values()];
    this.#transports.clear();
    for (const t of await Promise.allSettled(transports)) {
      if (t.status === "fulfilled") t.value.close();
    }
  }

  /** The transport in use (created on first use), for tests and diagnostics. */
  async transport(): Promise<Transport> {
    return await this.#transportFor(await this.config.credentials.get());
  }

  #transportFor(creds: { certPem?: string; keyPem?: string }): Promise<Transport> {
    const certPem = creds.certPem ?? this.config.certPem;
    const keyPem = creds.keyPem ?? this.config.keyPem;
    const id = certPem ?? "";
    let transport = this.#transports.get(id);
    if (!transport) {
      const { caPem, insecureSkipTlsVerify, tlsServerName } = this.config;
      transport = createTransport({
        ...(caPem ? { caPem } : {}),
        ...(certPem && keyPem ? { certPem, keyPem } : {}),
        ...(insecureSkipTlsVerify ? { insecureSkipTlsVerify } : {}),
        ...(tlsServerName ? { tlsServerName } : {}),
      });
      this.#transports.set(id, transport);
    }
    return transport;
  }

  async #send(method: string, pathQuery: string, options: RequestOptions, signal: AbortSignal) {
    const creds = await this.config.credentials.get(signal);
    const transport = await this.#transportFor(creds);
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": `l4gw/${VERSION}`,
    };
    if (creds.token) headers.Authorization = `Bearer ${creds.token}`;
    else if (creds.basic) {
      headers.Authorization = `Basic ${btoa(`${creds.basic.username}:${creds.basic.password}`)}`;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = options.contentType ?? "application/json";
    }
    try {
      return await transport.send({
        method,
        url: this.config.server + pathQuery,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal,
      });
    } catch (error) {
      throw new KubeTransportError({ method, path: pathQuery }, error);
    }
  }

  /**
   * Sends one request with retries, the deadline and the caller's signal, and returns the response
   * whose status is 2xx. The body is not read: streaming callers (watches) read it themselves.
   *
   * @throws {KubeApiError} for a non-2xx answer; {@link KubeTransportError} when the server cannot
   *   be reached or the deadline passes; the signal's reason when it aborts.
   */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const pathQuery = path + queryString(options.query);
    const description = { method, path: pathQuery };
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let reauthenticated = false;
    for (let attempt = 0;; attempt++) {
      let error: KubeApiError | KubeTransportError;
      let delay: number;
      try {
        const res = await this.#send(method, pathQuery, options, signal);
        if (res.ok) return res;
        const seconds = retryAfterSeconds(res);
        error = KubeApiError.fromResponse(res.status, await res.text(), description, seconds);
        if (res.status === 401 && !reauthenticated) {
          reauthenticated = true;
          this.config.credentials.invalidate();
          attempt--;
          continue;
        }
        const retry = res.status === 429 || (res.status >= 500 &&
          (seconds !== undefined || idempotent(method)));
        if (!retry || attempt >= this.#options.maxRetries) throw error;
        delay = seconds !== undefined
          ? Math.min(seconds * 1000, this.#options.maxRetryAfterMs)
          : this.#backoff(attempt);
      } catch (caught) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (deadline.aborted) {
          throw new KubeTransportError(description, new Error(`no answer within ${timeoutMs} ms`));
        }
        if (!(caught instanceof KubeTransportError)) throw caught;
        error = caught;
        if (!idempotent(method) || attempt >= this.#options.maxRetries) throw error;
        delay = this.#backoff(attempt);
      }
      this.#log.debug("retrying request", { method, path, attempt: attempt + 1, delay, error });
      try {
        await this.#clock.sleep(delay, signal);
      } catch {
        if (options.signal?.aborted) throw options.signal.reason;
        throw error;
      }
    }
  }

  #backoff(attempt: number): number {
    const base = Math.min(5_000, 100 * 2 ** attempt);
    return base / 2 + Math.random() * base / 2;
  }

  /** Sends a request and parses the JSON answer (`undefined` for an empty body). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, options);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** GETs a discovery document, `undefined` when the server does not serve it (404). */
  async discover<T = { resources?: { name: string }[] }>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>("GET", path);
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  /** Reads one object. @throws {KubeApiError} NotFound when it does not exist. */
  get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    return this.request<T>("GET", resourcePath(type, namespace, name), options);
  }

  /** Lists objects (one page when `limit` is set; follow `metadata.continue`). */
  list<T extends KubeObject>(
    type: ResourceType<T>,
    options: ListOptions = {},
  ): Promise<KubeList<T>> {
    const { namespace, signal, ...query } = options;
    return this.request<KubeList<T>>("GET", resourcePath(type, namespace), {
      query: query as Query,
      ...(signal ? { signal } : {}),
    });
  }

  /** Creates `object` in its namespace. @throws {KubeApiError} AlreadyExists when the name is taken. */
  create<T extends KubeObject>(
    type: ResourceType<T>,
    object: T,
    options: WriteOptions = {},
  ): Promise<T> {
    const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
    return this.request<T>("POST", resourcePath(type, object.metadata.namespace), {
      body,
      query: { fieldManager: this.#options.fieldManager },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * Replaces `object` (PUT), or its status with `subresource: "status"`. Send
   * `metadata.resourceVersion` for optimistic concurrency.
   *
   * @throws {KubeApiError} Conflict when the resourceVersion is stale.
   */
  update<T extends KubeObject>(
    type: ResourceType<T>,
    object: T,
    options: WriteOptions = {},
  ): Promise<T> {
    const { namespace, name = "" } = object.metadata;
    const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
    return this.request<T>("PUT", resourcePath(type, namespace, name, options.subresource), {
      body,
      query: { fieldManager: this.#options.fieldManager },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** Replaces the status of `object` (PUT on the `status` subresource). */
  updateStatus<T extends KubeObject>(
    type: ResourceType<T>,
    object: T,
    options: WriteOptions = {},
  ): Promise<T> {
    return this.update(type, object, { ...options, subresource: "status" });
  }

  /**
   * Patches an object.
   *
   * @param patch a merge-patch object, a JSON-patch operation list, or a strategic-merge object.
   * @param patchType @default "merge"
   */
  patch<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    patchType: PatchType = "merge",
    options: WriteOptions = {},
  ): Promise<T> {
    return this.request<T>("PATCH", resourcePath(type, namespace, name, options.subresource), {
      body: patch,
      contentType: PATCH_TYPES[patchType],
      query: { fieldManager: this.#options.fieldManager },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * Deletes an object (background propagation). `uid`/`resourceVersion` make it conditional.
   *
   * @throws {KubeApiError} NotFound when it does not exist.
   */
  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: { signal?: AbortSignal; uid?: string; resourceVersion?: string } = {},
  ): Promise<void> {
    const preconditions = {
      ...(options.uid ? { uid: options.uid } : {}),
      ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}),
    };
    await this.request("DELETE", resourcePath(type, namespace, name), {
      body: {
        kind: "DeleteOptions",
        apiVersion: "v1",
        propagationPolicy: "Background",
        ...(Object.keys(preconditions).length ? { preconditions } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
}
