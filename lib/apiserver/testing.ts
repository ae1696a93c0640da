/**
 * Test helpers for the API server's own tests: a running server per test, a raw HTTP client that
 * keeps status codes and headers, and a watch reader that waits for events with a deadline.
 *
 * @module
 */
import { type ApiServer, type ApiServerOptions, startApiServer } from "./server.ts";

/** A parsed HTTP answer. */
export interface Reply {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
  text: string;
}

/** A minimal HTTP client for tests. */
export class TestClient {
  readonly base: string;
  readonly #init: RequestInit;

  constructor(base: string, init: RequestInit = {}) {
    this.base = base;
    this.#init = init;
  }

  /** Sends a request; JSON bodies are encoded unless `body` is a string. */
  async req(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !h["content-type"]) h["content-type"] = "application/json";
    const res = await fetch(this.base + path, {
      ...this.#init,
      method,
      headers: h,
      ...(body !== undefined
        ? { body: typeof body === "string" ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.req("GET", path, undefined, headers);
  }
  post(path: string, body: unknown): Promise<Reply> {
    return this.req("POST", path, body);
  }
  put(path: string, body: unknown): Promise<Reply> {
    return this.req("PUT", path, body);
  }
  patch(path: string, body: unknown, type = "application/merge-patch+json"): Promise<Reply> {
    return this.req("PATCH", path, body, { "content-type": type });
  }
  delete(path: string, body?: unknown): Promise<Reply> {
    return this.req("DELETE", path, body);
  }

  /** Opens a watch (adds `watch=true`). */
  async watch(path: string, headers: Record<string, string> = {}): Promise<WatchReader> {
    const sep = path.includes("?") ? "&" : "?";
    const res = await fetch(`${this.base}${path}${sep}watch=true`, { ...this.#init, headers });
    return new WatchReader(res);
  }
}

/** A watch event as received. */
export interface Event {
  type: string;
  // deno-lint-ignore no-explicit-any
  object: any;
}

/** Reads newline-delimited watch events. */
export class WatchReader {
  readonly response: Response;
  readonly #reader: ReadableStreamDefaultReader<string>;
  #buffer = "";
  readonly #events: Event[] = [];
  #ended = false;
  /** The error that ended the stream, when the connection broke rather than closed. */
  error: unknown = undefined;
  /** Every raw line received (to check the wire format). */
  readonly lines: string[] = [];

  constructor(response: Response) {
    this.response = response;
    this.#reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** True once the server closed the stream. */
  get ended(): boolean {
    return this.#ended;
  }

  async #pull(deadline: number): Promise<void> {
    const timeout = new Promise<"timeout">((r) => {
      const id = setTimeout(() => r("timeout"), Math.max(0, deadline - Date.now()));
      Deno.unrefTimer(id);
    });
    const read = this.#reader.read().catch((e) => {
      this.error = e;
      return { done: true as const, value: undefined };
    });
    const next = await Promise.race([read, timeout]);
    if (next === "timeout") return;
    if (next.done) {
      this.#ended = true;
      return;
    }
    this.#buffer += next.value;
    let i;
    while ((i = this.#buffer.indexOf("\n")) >= 0) {
      const line = this.#buffer.slice(0, i);
      this.#buffer = this.#buffer.slice(i + 1);
      this.lines.push(line);
      if (line.trim()) this.#events.push(JSON.parse(line));
    }
  }

  /** The next event, waiting up to `ms`; throws when none arrives (or the stream ends first). */
  async next(ms = 5000): Promise<Event> {
    const deadline = Date.now() + ms;
    while (this.#events.length === 0) {
      if (this.#ended) throw new Error("watch ended before the next event");
      if (Date.now() >= deadline) throw new Error(`no watch event within ${ms} ms`);
      await this.#pull(deadline);
    }
    return this.#events.shift()!;
  }

  /** Resolves true when the server ends the stream within `ms` (events before it are kept). */
  async waitEnd(ms = 5000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#ended && Date.now() < deadline) await this.#pull(deadline);
    return this.#ended;
  }

  /** Events received and not yet taken. */
  get pending(): number {
    return this.#events.length;
  }

  /** Stops reading. */
  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/** Runs `fn` with a fresh server and client, stopping the server afterwards. */
export async function withServer(
  options: ApiServerOptions,
  fn: (server: ApiServer, client: TestClient) => Promise<void>,
): Promise<void> {
  const server = await startApiServer(options);
  try {
    await fn(server, new TestClient(server.url));
  } finally {
    await server.stop();
  }
}

/** A ConfigMap body. */
export function configMap(name: string, data: Record<string, string> = {}, extra = {}): unknown {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...extra }, data };
}

/** Core and Gateway API paths. */
export const paths = {
  cm: (ns = "default", name = "") => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ""}`,
  svc: (ns = "default", name = "") => `/api/v1/namespaces/${ns}/services${name ? `/${name}` : ""}`,
  gw: (ns = "default", name = "", version = "v1") =>
    `/apis/gateway.networking.k8s.io/${version}/namespaces/${ns}/gateways${name ? `/${name}` : ""}`,
  gc: (name = "") => `/apis/gateway.networking.k8s.io/v1/gatewayclasses${name ? `/${name}` : ""}`,
  ns: (name = "") => `/api/v1/namespaces${name ? `/${name}` : ""}`,
  lease: (ns = "default", name = "") =>
    `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases${name ? `/${name}` : ""}`,
};

/** A minimal valid Gateway body. */
export function gateway(name: string, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name },
    spec: { gatewayClassName: "l4", listeners: [{ name: "tcp", port: 8080, protocol: "TCP" }] },
    ...extra,
  };
}
