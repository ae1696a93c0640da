/**
 * Serves one resource request (`/api/…`, `/apis/…`) once it is routed and authorised: picks the verb,
 * reads the options from the query and body, calls the API semantics and encodes the answer (object,
 * list, Table, Status or watch stream).
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Api } from "./api.ts";
import { deleteCollection, deleteObject, type DeleteOptions } from "./api_delete.ts";
import type { Lister } from "./api_list.ts";
import { patchObject } from "./api_patch.ts";
import { encodeObject } from "./encode.ts";
import { ApiError, badRequest, failure, methodNotAllowed } from "./errors.ts";
import { finalizeNamespace } from "./namespace_lifecycle.ts";
import { queryBool, type ResourceRequest } from "./request_info.ts";
import type { Storage } from "./storage.ts";
import { table, tableColumns, tableRow, wantsTable } from "./table.ts";
import { apiVersionOf, type KubeObject, type ResourceType } from "./types.ts";
import { openWatch, type WatchHandle, type WatchLimits } from "./watch.ts";
import { toView, type WriteOptions, type WriteResult } from "./write_context.ts";

/** What the resource handler needs. */
export interface ResourceDeps {
  api: Api;
  lister: Lister;
  storage: Storage;
  clock: Clock;
  watchLimits(): WatchLimits;
  /** Open watches, so restart and fault injection can close them. */
  watches: Set<WatchHandle>;
}

/** Largest request body accepted (kube-apiserver: 3 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

/** Encodes a JSON response. */
export function jsonResponse(
  code: number,
  body: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    status: code,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** The verb a request means (`get`, `list`, `watch`, `create`, …). */
export function verbOf(method: string, r: ResourceRequest, q: URLSearchParams): string {
  switch (method) {
    case "GET":
    case "HEAD":
      if (r.legacyWatch || queryBool(q, "watch")) return "watch";
      return r.name ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return r.name ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

async function readText(req: Request): Promise<string> {
  const text = await req.text();
  if (text.length > MAX_BODY) {
    throw failure(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
  }
  return text;
}

async function readJson(req: Request, type: ResourceType, version: string): Promise<unknown> {
  const text = await readText(req);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: json parse error: ${
        (e as Error).message
      }`,
    );
  }
}

function writeOptions(q: URLSearchParams, req: Request): WriteOptions {
  const fv = q.get("fieldValidation") ?? undefined;
  const opts: WriteOptions = {
    fieldManager: q.get("fieldManager") ?? undefined,
    userAgent: req.headers.get("user-agent") ?? undefined,
    dryRun: q.getAll("dryRun").includes("All"),
  };
  if (fv !== undefined) {
    const canonical = ["Strict", "Warn", "Ignore"].find((v) =>
      v.toLowerCase() === fv.toLowerCase()
    );
    if (!canonical) {
      throw badRequest(
        `fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`,
      );
    }
    opts.fieldValidation = canonical as WriteOptions["fieldValidation"];
  }
  return opts;
}

function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}

/** Serves a resource request. */
export async function serveResource(
  deps: ResourceDeps,
  req: Request,
  url: URL,
  r: ResourceRequest,
  type: ResourceType,
  verb: string,
): Promise<Response> {
  const q = url.searchParams;
  const version = r.version;
  const apiVersion = apiVersionOf(type.group, version);
  const ns = type.namespaced ? r.namespace : "";
  const encode = (o: KubeObject) => encodeObject(toView(type, o), type.kind, apiVersion);
  const sub = r.subresource;
  if (
    sub && !(sub === "status" && type.statusSubresource) &&
    !(sub === "finalize" && type.resource === "namespaces" && type.group === "")
  ) {
    throw failure(404, "NotFound", "the server could not find the requested resource", {});
  }
  const status = sub === "status" ? "status" as const : undefined;
  const written = (res: WriteResult) =>
    jsonResponse(res.created ? 201 : 200, encode(res.object), warningHeaders(res.warnings));
  const now = deps.clock.now();

  switch (verb) {
    case "get": {
      const fs = q.get("fieldSelector");
      if (
        fs &&
        !fs.split(",").every((t) => !/^metadata\.name==?/.test(t) || t.split(/==?/)[1] === r.name)
      ) {
        throw badRequest("fieldSelector metadata.name doesn't match requested name");
      }
      const obj = deps.api.getStored(type, ns, r.name);
      if (wantsTable(req.headers.get("accept"))) {
        const cols = tableColumns(type, version);
        const meta = { resourceVersion: obj.metadata.resourceVersion };
        return jsonResponse(200, JSON.stringify(table(cols, [toView(type, obj)], now, meta)));
      }
      return jsonResponse(200, encode(obj));
    }
    case "list": {
      const result = deps.lister.list(type, ns || undefined, {
        labelSelector: q.get("labelSelector") ?? undefined,
        fieldSelector: q.get("fieldSelector") ?? undefined,
        limit: q.has("limit") ? Number(q.get("limit")) : undefined,
        continue: q.get("continue") ?? undefined,
        resourceVersion: q.get("resourceVersion") ?? undefined,
        resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
      });
      const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
      if (result.continue) meta.continue = result.continue;
      if (result.remainingItemCount !== undefined) {
        meta.remainingItemCount = result.remainingItemCount;
      }
      if (wantsTable(req.headers.get("accept"))) {
        const cols = tableColumns(type, version);
        const views = result.items.map((o) => toView(type, o));
        return jsonResponse(200, JSON.stringify(table(cols, views, now, meta)));
      }
      const itemKind = type.custom ? type.kind : "";
      const items = result.items.map((o) => encodeObject(toView(type, o), itemKind, apiVersion));
      const body = `{"kind":${JSON.stringify(type.listKind)},"apiVersion":${
        JSON.stringify(apiVersion)
      },"metadata":${JSON.stringify(meta)},"items":[${items.join(",")}]}`;
      return jsonResponse(200, body);
    }
    case "watch":
      return watch(deps, req, q, r, type, version, ns);
    case "create": {
      if (r.name || sub) throw methodNotAllowed("create", type.resource);
      const body = await readJson(req, type, version);
      return written(deps.api.create(type, version, ns, body as KubeObject, writeOptions(q, req)));
    }
    case "update": {
      if (!r.name) throw methodNotAllowed("update", type.resource);
      const body = await readJson(req, type, version) as KubeObject;
      if (sub === "finalize") {
        return jsonResponse(200, encode(finalizeNamespace(deps.api, type, r.name, body)));
      }
      return written(
        deps.api.update(type, version, ns, r.name, body, writeOptions(q, req), status),
      );
    }
    case "patch": {
      if (!r.name || sub === "finalize") throw methodNotAllowed("patch", type.resource);
      const text = await readText(req);
      const opts = { ...writeOptions(q, req), force: queryBool(q, "force") };
      const ct = req.headers.get("content-type") ?? "";
      return written(patchObject(deps.api, type, version, ns, r.name, ct, text, opts, status));
    }
    case "delete": {
      if (sub) throw methodNotAllowed("delete", type.resource);
      const opts = await deleteOptions(req, q);
      const res = deleteObject(deps.api, type, ns, r.name, opts);
      return jsonResponse(res.code, res.object ? encode(res.object) : JSON.stringify(res.status));
    }
    case "deletecollection": {
      const opts = await deleteOptions(req, q);
      const listed = deps.lister.list(type, ns || undefined, {
        labelSelector: q.get("labelSelector") ?? undefined,
        fieldSelector: q.get("fieldSelector") ?? undefined,
      });
      const left = deleteCollection(deps.api, type, listed.items, opts);
      const itemKind = type.custom ? type.kind : "";
      const items = left.map((o) => encodeObject(toView(type, o), itemKind, apiVersion));
      return jsonResponse(
        200,
        `{"kind":${JSON.stringify(type.listKind)},"apiVersion":${
          JSON.stringify(apiVersion)
        },"metadata":{"resourceVersion":"${deps.storage.resourceVersion}"},"items":[${
          items.join(",")
        }]}`,
      );
    }
    default:
      throw methodNotAllowed(verb, type.resource);
  }
}

async function deleteOptions(req: Request, q: URLSearchParams): Promise<DeleteOptions> {
  const text = await req.text();
  let opts: DeleteOptions = {};
  if (text.trim()) {
    try {
      opts = JSON.parse(text);
    } catch (e) {
      throw badRequest(`error decoding DeleteOptions: ${(e as Error).message}`);
    }
  }
  const pp = q.get("propagationPolicy");
  if (pp) opts.propagationPolicy = pp;
  const od = queryBool(q, "orphanDependents");
  if (od !== undefined) opts.orphanDependents = od;
  if (q.getAll("dryRun").length) opts.dryRun = q.getAll("dryRun");
  return opts;
}

function watch(
  deps: ResourceDeps,
  req: Request,
  q: URLSearchParams,
  r: ResourceRequest,
  type: ResourceType,
  version: string,
  ns: string,
): Response {
  let fieldSelector = q.get("fieldSelector") ?? undefined;
  if (r.name) {
    const byName = `metadata.name=${r.name}`;
    fieldSelector = fieldSelector ? `${fieldSelector},${byName}` : byName;
  }
  const timeout = q.get("timeoutSeconds");
  const sie = queryBool(q, "sendInitialEvents");
  const asTable = wantsTable(req.headers.get("accept"));
  const cols = asTable ? tableColumns(type, version) : [];
  const render = asTable
    ? {
      tag: "table",
      encode: (o: KubeObject) => {
        const row = tableRow(cols, toView(type, o), deps.clock.now());
        return JSON.stringify({
          kind: "Table",
          apiVersion: "meta.k8s.io/v1",
          metadata: { resourceVersion: o.metadata.resourceVersion },
          columnDefinitions: cols.map(({ value: _v, ...d }) => d),
          rows: [row],
        });
      },
    }
    : undefined;
  let handle: WatchHandle | undefined = undefined;
  handle = openWatch(
    { storage: deps.storage, clock: deps.clock, limits: deps.watchLimits() },
    type,
    version,
    ns || undefined,
    {
      resourceVersion: q.get("resourceVersion") ?? undefined,
      resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
      sendInitialEvents: sie,
      allowWatchBookmarks: queryBool(q, "allowWatchBookmarks") ?? false,
      timeoutSeconds: timeout !== null && timeout !== "" ? Number(timeout) : undefined,
      labelSelector: q.get("labelSelector") ?? undefined,
      fieldSelector,
    },
    () => {
      if (handle) deps.watches.delete(handle);
    },
    render,
  );
  deps.watches.add(handle);
  return new Response(handle.body, {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "no-cache, private" },
  });
}

/** Turns any thrown value into a Status response. */
export function errorResponse(e: unknown): Response {
  if (e instanceof ApiError) {
    return jsonResponse(e.code, JSON.stringify(e.status), e.headers);
  }
  const message = e instanceof Error ? e.message : String(e);
  const err = failure(500, "InternalError", `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
  return jsonResponse(500, JSON.stringify(err.status));
}
