/**
 * Applies a {@link TranslateResult} to the snapshot it came from, the way the controller's writes
 * would change the cache: statuses and finalizers set, desired Services and EndpointSlices written,
 * deletions removed, restores written. For tests and the `translate` command's convergence check; the
 * controller writes through the API instead.
 *
 * @module
 */
import { GATEWAY_CLASS_FINALIZER } from "./gateway_class.ts";
import type { TranslateInput, TranslateResult } from "./translate_types.ts";
import { type KubeObject, objectKey } from "./types/mod.ts";

function upsert<T extends KubeObject>(
  list: readonly T[] | undefined,
  writes: readonly T[],
  gone: Set<string>,
): T[] {
  const byKey = new Map((list ?? []).map((o) => [objectKey(o), o]));
  for (const w of writes) byKey.set(objectKey(w), structuredClone(w));
  for (const k of gone) byKey.delete(k);
  return [...byKey.values()];
}

/**
 * The snapshot after the result's writes.
 *
 * @example
 * ```ts
 * const next = applyResult(input, translate(input));
 * ```
 */
export function applyResult(input: TranslateInput, result: TranslateResult): TranslateInput {
  const classes = new Map(result.gatewayClasses.map((c) => [c.name, c]));
  const gateways = new Map(result.gateways.map((g) => [`${g.namespace}/${g.name}`, g]));
  const routes = new Map(result.routes.map((r) => [`${r.kind}|${r.namespace}/${r.name}`, r]));
  const goneServices = new Set(
    result.deletions.filter((d) => d.kind === "Service").map((d) => `${d.namespace}/${d.name}`),
  );
  const goneSlices = new Set(
    result.deletions.filter((d) => d.kind === "EndpointSlice").map((d) =>
      `${d.namespace}/${d.name}`
    ),
  );
  const route = (kind: string) => (r: NonNullable<TranslateInput["tcpRoutes"]>[number]) => {
    const d = routes.get(`${kind}|${objectKey(r)}`);
    return d ? { ...r, status: structuredClone(d.status) } : r;
  };
  return {
    ...input,
    gatewayClasses: (input.gatewayClasses ?? []).map((c) => {
      const d = classes.get(c.metadata.name ?? "");
      if (!d) return c;
      const others = (c.metadata.finalizers ?? []).filter((f) => f !== GATEWAY_CLASS_FINALIZER);
      const finalizers = d.finalizer ? [...others, GATEWAY_CLASS_FINALIZER] : others;
      return { ...c, metadata: { ...c.metadata, finalizers }, status: structuredClone(d.status) };
    }),
    gateways: (input.gateways ?? []).map((g) => {
      const d = gateways.get(objectKey(g));
      return d ? { ...g, status: structuredClone(d.status) } : g;
    }),
    tcpRoutes: (input.tcpRoutes ?? []).map(route("TCPRoute")),
    udpRoutes: (input.udpRoutes ?? []).map(route("UDPRoute")),
    services: upsert(input.services, [...result.services, ...result.restores], goneServices),
    endpointSlices: upsert(input.endpointSlices, result.endpointSlices, goneSlices),
  };
}
