/**
 * A recording HTTP endpoint for client-side unit tests (retries, deadlines, credentials, what the
 * event recorder sends). It is not an API server: each test scripts the answers it needs. Behaviour
 * against a real API server is tested with the embedded one (`lib/apiserver`).
 *
 * @module
 */
import { staticCredentials } from "./credentials.ts";
import type { ClusterConfig } from "./kubeconfig.ts";

/** A request the stub received. */
export interface Received {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

/** Answers one request; return undefined for `200 {}`. */
export type Responder = (req: Received) => Response | undefined | Promise<Response | undefined>;

/** A running stub. */
export interface HttpStub {
  readonly url: string;
  readonly received: Received[];
  config(token?: string): ClusterConfig;
  close(): Promise<void>;
}

/** Starts a stub on a free loopback port. */
export function startHttpStub(respond: Responder): HttpStub {
  const received: Received[] = [];
  const closing = Promise.withResolvers<Response>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const req: Received = {
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    received.push(req);
    const answer = await Promise.race([respond(req), closing.promise]);
    return answer ?? Response.json({});
  });
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    received,
    config: (token) => ({
      server: url,
      credentials: staticCredentials(token ? { token } : {}),
      namespace: "default",
      source: "stub",
    }),
    close: () => {
      closing.resolve(new Response(null, { status: 503 }));
      return server.shutdown();
    },
  };
}

/** A `metav1.Status` error response. */
export function statusResponse(code: number, reason: string, headers: HeadersInit = {}): Response {
  return Response.json(
    {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: reason,
      reason,
      code,
    },
    { status: code, headers },
  );
}
