/**
 * Serves one resource request (`/api/…`, `/apis/…`) once it is routed and authorised: picks the verb,
 * reads the options from the query and body, calls the API semantics and encodes the answer (object,
 * list, Table, Status or watch stream).
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Api } from "./api.ts";
import { deleteCollection, deleteObject } from "./api_delete.ts";
import type { Lister } from "./api_list.ts";
import { patchObject } from "./api_patch.ts";
import { encodeObject } from "./encode.ts";
import { ApiError, badRequest, failure, methodNotAllowed } from "./errors.ts";
import { finalizeNamespace } from "./namespace_lifecycle.ts";
import { queryBool, type ResourceRequest } from "./request_info.ts";
import {
  deleteOptions,
  intParam,
  readJson,
  readText,
  warningHeaders,
  writeOptions,
} from "./request_params.ts";
import type { Storage } from "./storage.ts";
import { table, tableColumns, wantsTable } from "./table.ts";
import { apiVersionOf, type KubeObject, type ResourceType } from "./types.ts";
import type { WatchHandle, WatchLimits } from "./watch.ts";
import { serveWatch } from "./watch_handler.ts";
import { toView, type WriteResult } from "./write_context.ts";

export { verbOf } from "./request_params.ts";

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

/**
 * LIST-11: a list at a resourceVersion the server has not reached yet waits up to 3 s for it (the
 * lister then answers 504 Too large resource version if it is still ahead).
 */
async function waitForResourceVersion(deps: ResourceDeps, rv: string | null): Promise<void> {
  if (!rv || !/^\d+$/.test(rv)) return;
  const target = Number(rv);
  const deadline = deps.clock.now() + 3000;
  while (deps.storage.resourceVersion < target && deps.clock.now() < deadline) {
    await deps.clock.sleep(Math.min(50, deadline - deps.clock.now()));
  }
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
      await waitForResourceVersion(deps, q.get("resourceVersion"));
      const result = deps.lister.list(type, ns || undefined, {
        labelSelector: q.get("labelSelector") ?? undefined,
        fieldSelector: q.get("fieldSelector") ?? undefined,
        limit: intParam(q, "limit"),
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
      return serveWatch(deps, req, q, r, type, version, ns);
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
