/**
 * Listening sockets. Plain HTTP uses `Deno.serve`. HTTPS needs client-certificate authentication,
 * which `Deno.serve` cannot request, so it uses Deno's `node:https` server with `requestCert`; Deno's
 * node TLS does not check client certificates against a CA, so the certificate the client presented
 * (`getPeerCertificate().raw`) is verified here against our CA with `@peculiar/x509`. Node
 * request/response objects are adapted to the fetch `Request`/`Response` the handler speaks, with
 * streamed bodies for watches.
 *
 * @module
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Peer } from "./handler.ts";
import type { TlsMaterial } from "./tls.ts";

export type { TlsMaterial } from "./tls.ts";

/** A request handler in fetch terms. */
export type Handler = (req: Request, peer: Peer) => Promise<Response>;

/** An open listener. */
export interface Listener {
  readonly port: number;
  /** Stops accepting and drops every connection. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port), HTTPS when `tls` is given. */
export function listen(
  o: { port: number; tls: TlsMaterial | undefined; handler: Handler },
): Promise<Listener> {
  return o.tls ? listenHttps(o.port, o.tls, o.handler) : listenHttp(o.port, o.handler);
}

function listenHttp(port: number, handler: Handler): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const abort = new AbortController();
    try {
      const server = Deno.serve({
        port,
        hostname: "127.0.0.1",
        signal: abort.signal,
        onListen: ({ port }) =>
          resolve({
            port,
            async close() {
              abort.abort();
              await server.finished;
            },
          }),
        onError: (e) => new Response(JSON.stringify({ message: String(e) }), { status: 500 }),
      }, (req) => handler(req, {}));
    } catch (e) {
      reject(e);
    }
  });
}

function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  if (req.method === "GET" || req.method === "HEAD") return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const total = chunks.reduce((n, c) => n + c.length, 0);
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    req.on("error", reject);
  });
}

async function peerOf(req: IncomingMessage, tls: TlsMaterial): Promise<Peer> {
  const socket = req.socket as unknown as { getPeerCertificate?: () => { raw?: Uint8Array } };
  const raw = socket.getPeerCertificate?.()?.raw;
  if (!raw || raw.length === 0) return {};
  return { certificateUser: await tls.verifyClient(raw) };
}

async function adapt(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  tls: TlsMaterial,
  handler: Handler,
): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) { for (const x of v) headers.append(k, x); }
    else if (v !== undefined) headers.set(k, v);
  }
  const body = await readBody(req);
  const request = new Request(`https://127.0.0.1:${port}${req.url ?? "/"}`, {
    method: req.method ?? "GET",
    headers,
    ...(body ? { body: body as BodyInit } : {}),
  });
  const response = await handler(request, await peerOf(req, tls));
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => out[k] = v);
  res.writeHead(response.status, out);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) break;
    res.write(value);
  }
  res.end();
}

function listenHttps(port: number, tls: TlsMaterial, handler: Handler): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    let actual = 0;
    const server = https.createServer({
      key: tls.serverKeyPem,
      cert: tls.serverCertPem,
      ca: tls.info.caPem,
      requestCert: true,
      rejectUnauthorized: false,
    }, (req, res) => {
      adapt(req, res, actual, tls, handler).catch(() => res.destroy());
    });
    server.on("secureConnection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      actual = (server.address() as { port: number }).port;
      resolve({
        port: actual,
        close() {
          return new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          });
        },
      });
    });
  });
}
