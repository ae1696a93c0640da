/**
 * The HTTP front of the API server: routes discovery, OpenAPI and health paths, authenticates and
 * authorises resource requests, applies injected faults and latency, and hands resource requests to
 * `resource_handler.ts`. Any error becomes a `metav1.Status` response.
 *
 * @module
 */
import { authorize, type TokenAuthenticator, type UserInfo } from "./auth.ts";
import {
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from "./discovery.ts";
import { conflict, failure, MODIFIED_REASON, unauthorized } from "./errors.ts";
import { drawWriteFault, type FaultSettings } from "./faults.ts";
import type { OpenApi } from "./openapi.ts";
import type { Registry } from "./registry.ts";
import { parseResourcePath } from "./request_info.ts";
import {
  errorResponse,
  jsonResponse,
  type ResourceDeps,
  serveResource,
  verbOf,
} from "./resource_handler.ts";

/** How a request was authenticated by the transport. */
export interface Peer {
  /** The user of a verified client certificate, if any. */
  certificateUser?: UserInfo | undefined;
}

/** What the front handler needs. */
export interface HandlerDeps extends ResourceDeps {
  registry: Registry;
  openapi: OpenApi;
  tokens: TokenAuthenticator;
  /** `none`: everyone is admin (plain HTTP); `required`: certificate or token, else 401. */
  authMode: "none" | "required";
  /** `host:port` advertised in `/api`. */
  serverAddress(): string;
  faults(): FaultSettings;
  /** Counts injected faults. */
  injected(): void;
}

/** `kubectl auth whoami` posts here; the answer names the authenticated user. */
const SELF_SUBJECT_REVIEW = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

function selfSubjectReview(user: UserInfo): unknown {
  return {
    kind: "SelfSubjectReview",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: user.name, groups: user.groups } },
  };
}

const WRITE_VERBS = new Set(["create", "update", "patch", "delete", "deletecollection"]);

function notFoundText(): Response {
  return new Response("404 page not found\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

async function discovery(deps: HandlerDeps, path: string): Promise<Response | undefined> {
  const json = (v: unknown) => jsonResponse(200, JSON.stringify(v));
  if (path === "/version" || path === "/version/") return json(VERSION_INFO);
  if (path === "/api" || path === "/api/") return json(apiVersions(deps.serverAddress()));
  if (path === "/apis" || path === "/apis/") return json(apiGroupList(deps.registry));
  if (path === "/healthz" || path === "/readyz" || path === "/livez") {
    return new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  if (path === "/openapi/v3" || path === "/openapi/v3/") {
    return jsonResponse(200, await deps.openapi.index());
  }
  if (path.startsWith("/openapi/v3/")) {
    const doc = await deps.openapi.document(path.slice("/openapi/v3/".length));
    return doc ? jsonResponse(200, doc) : notFoundText();
  }
  if (path.startsWith("/openapi/")) return notFoundText();
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "api" && parts.length === 2) {
    const doc = await apiResourceList(deps.registry, "", parts[1]!);
    return doc ? json(doc) : notFoundText();
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const doc = apiGroupDoc(deps.registry, parts[1]!);
    return doc ? json(doc) : notFoundText();
  }
  if (parts[0] === "apis" && parts.length === 3) {
    const doc = await apiResourceList(deps.registry, parts[1]!, parts[2]!);
    return doc ? json(doc) : notFoundText();
  }
  return undefined;
}

function authenticate(deps: HandlerDeps, req: Request, peer: Peer): UserInfo {
  if (deps.authMode === "none") {
    return { name: "admin", groups: ["system:masters"], readOnly: false };
  }
  const byToken = deps.tokens.authenticate(req.headers.get("authorization"));
  if (byToken === "invalid") throw unauthorized();
  const user = byToken ?? peer.certificateUser;
  if (!user) throw unauthorized();
  return user;
}

/** Handles one HTTP request. */
export async function handleRequest(
  deps: HandlerDeps,
  req: Request,
  peer: Peer = {},
): Promise<Response> {
  try {
    const url = new URL(req.url);
    const faults = deps.faults();
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const user = authenticate(deps, req, peer);
    const disc = req.method === "GET" ? await discovery(deps, url.pathname) : undefined;
    if (disc) return disc;
    if (req.method === "POST" && url.pathname === SELF_SUBJECT_REVIEW) {
      await req.body?.cancel();
      return jsonResponse(201, JSON.stringify(selfSubjectReview(user)));
    }
    const r = parseResourcePath(url.pathname);
    if (!r) return notFoundText();
    const type = deps.registry.find(r.group, r.version, r.resource);
    if (!type) {
      return jsonResponse(
        404,
        JSON.stringify(
          failure(404, "NotFound", "the server could not find the requested resource", {}).status,
        ),
      );
    }
    if ((type.namespaced && !r.namespace && r.name) || (!type.namespaced && r.namespace)) {
      return notFoundText();
    }
    const verb = verbOf(req.method, r, url.searchParams);
    authorize(user, {
      verb,
      resource: type.resource,
      subresource: r.subresource,
      group: type.group,
      namespace: r.namespace,
      name: r.name,
    });
    if (WRITE_VERBS.has(verb)) {
      const fault = drawWriteFault(faults);
      if (fault === "conflict") {
        deps.injected();
        throw conflict(
          { resource: type.resource, group: type.group, name: r.name },
          MODIFIED_REASON,
        );
      }
      if (fault === "error") {
        deps.injected();
        const e = failure(500, "InternalError", "Internal error occurred: injected fault", {
          causes: [{ message: "injected fault" }],
          ...(faults.retryAfterSeconds > 0 ? { retryAfterSeconds: faults.retryAfterSeconds } : {}),
        });
        if (faults.retryAfterSeconds > 0) {
          e.headers["retry-after"] = String(faults.retryAfterSeconds);
        }
        throw e;
      }
    }
    return await serveResource(deps, req, url, r, type, verb);
  } catch (e) {
    return errorResponse(e);
  }
}
