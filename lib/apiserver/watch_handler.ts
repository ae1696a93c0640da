/**
 * Serves a watch request: options from the query (a watch on a named object is a watch with
 * `fieldSelector=metadata.name=<name>`: W-1), Table rows for kubectl, and the open watch registered
 * so restarts and fault injection can end it.
 *
 * @module
 */
import type { ResourceDeps } from "./resource_handler.ts";
import { queryBool, type ResourceRequest } from "./request_info.ts";
import { intParam } from "./request_params.ts";
import { tableColumns, tableRow, wantsTable } from "./table.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { openWatch, type WatchHandle } from "./watch.ts";
import { toView } from "./write_context.ts";

/** Opens a watch and answers with its stream. */
export function serveWatch(
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
  const timeout = intParam(q, "timeoutSeconds");
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
      timeoutSeconds: timeout,
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
