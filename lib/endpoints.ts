/**
 * The controller's small HTTP servers: `/healthz` and `/readyz` on the probe address, `/metrics` on the
 * metrics address. Addresses are written as Go's `net.Listen` takes them (`:8080`, `127.0.0.1:0`,
 * `[::1]:9090`); `0` turns a server off, as in controller-runtime.
 *
 * @module
 */

/** A parsed bind address. */
export interface BindAddress {
  hostname: string;
  port: number;
}

/**
 * Parses a Go-style listen address. An empty host means every interface.
 *
 * @returns undefined for `0` (the server is off)
 * @throws {Error} naming the value when it is not `host:port`
 * @example
 * ```ts
 * parseBindAddress(":8080"); // { hostname: "0.0.0.0", port: 8080 }
 * parseBindAddress("0"); // undefined
 * ```
 */
export function parseBindAddress(address: string): BindAddress | undefined {
  if (address === "0") return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]]*)):(\d{1,5})$/.exec(address);
  const port = Number(m?.[3]);
  if (!m || port > 65535) {
    throw new Error(
      `Cannot listen on "${address}": expected host:port such as ":8080" or "127.0.0.1:8080", or 0 to disable`,
    );
  }
  const host = m[1] ?? m[2] ?? "";
  return { hostname: host === "" ? (m[1] !== undefined ? "::" : "0.0.0.0") : host, port };
}

/** A handler for one path: returns the response body and status. */
export type EndpointHandler = () =>
  | Promise<{ status: number; body: string; contentType?: string }>
  | {
    status: number;
    body: string;
    contentType?: string;
  };

/** A running endpoint server. */
export interface EndpointServer {
  /** The address actually bound (useful with port 0), as `host:port`. */
  readonly address: string;
  /** Stops listening and waits for open requests to finish. */
  stop(): Promise<void>;
}

/**
 * Serves `routes` (GET only) on `address`. Unknown paths get 404; a throwing handler gets 500 with its
 * message, never a crash.
 *
 * @example
 * ```ts
 * const server = serveEndpoints("127.0.0.1:0", { "/healthz": () => ({ status: 200, body: "ok" }) });
 * await server?.stop();
 * ```
 */
export function serveEndpoints(
  address: string,
  routes: Record<string, EndpointHandler>,
): EndpointServer | undefined {
  const bind = parseBindAddress(address);
  if (!bind) return undefined;
  const server = Deno.serve({ ...bind, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const handler = routes[path];
    if (!handler) return new Response("404 page not found\n", { status: 404 });
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("method not allowed\n", { status: 405 });
    }
    try {
      const { status, body, contentType = "text/plain; charset=utf-8" } = await handler();
      return new Response(body, { status, headers: { "content-type": contentType } });
    } catch (error) {
      return new Response(`internal error: ${(error as Error).message}\n`, { status: 500 });
    }
  });
  const { hostname, port } = server.addr as Deno.NetAddr;
  return {
    address: hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`,
    stop: () => server.shutdown(),
  };
}
