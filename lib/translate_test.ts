/**
 * Properties of `translate()` over every golden input: it converges (a pass over the state its own
 * writes produce changes nothing after at most two passes), it never mutates its input, and it is
 * local (a scoped snapshot gives the same decisions for the objects in scope as the whole cluster).
 *
 * @module
 */
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { needsWrite } from "./desired_services.ts";
import { gatewayKeyOf } from "./attachment.ts";
import { ownerGatewayKey } from "./ownership.ts";
import { addressesInUseOf } from "./snapshot.ts";
import { translate } from "./translate.ts";
import { applyResult } from "./translate_apply.ts";
import { goldenCases, loadCase } from "./translate_golden.ts";
import type { TranslateInput, TranslateResult } from "./translate_types.ts";
import { objectKey } from "./types/mod.ts";

function changes(input: TranslateInput, result: TranslateResult): string[] {
  const out: string[] = [];
  const services = new Map((input.services ?? []).map((s) => [objectKey(s), s]));
  const slices = new Map((input.endpointSlices ?? []).map((s) => [objectKey(s), s]));
  for (const s of result.services) {
    if (needsWrite(s, services.get(objectKey(s)))) out.push(`write Service ${objectKey(s)}`);
  }
  for (const s of result.endpointSlices) {
    if (needsWrite(s, slices.get(objectKey(s)))) out.push(`write EndpointSlice ${objectKey(s)}`);
  }
  for (const d of result.deletions) out.push(`delete ${d.kind} ${d.namespace}/${d.name}`);
  for (const r of result.restores) out.push(`restore Service ${objectKey(r)}`);
  for (const a of result.allocations) out.push(`allocate ${a.address}`);
  const next = applyResult(input, result);
  for (const kind of ["gatewayClasses", "gateways", "tcpRoutes", "udpRoutes"] as const) {
    (input[kind] ?? []).forEach((o, i) => {
      const after = (next[kind] ?? [])[i]!;
      if (!isDeepStrictEqual(o, after)) out.push(`status of ${kind} ${objectKey(o)}`);
    });
  }
  return out;
}

for (const name of goldenCases()) {
  Deno.test(`idempotence: ${name.replaceAll("-", " ")} reaches a fixed point within two passes`, () => {
    let state = loadCase(name).input;
    const frozen = structuredClone(state);
    const first = translate(state);
    assert.deepEqual(state, frozen, "translate must not mutate its input");
    state = applyResult(state, first);
    state = applyResult(state, translate(state));
    assert.deepEqual(changes(state, translate(state)), []);
  });
}

/** The snapshot the controller would build for one Gateway key. */
function gatewayScope(full: TranslateInput, key: string): TranslateInput {
  const gateways = (full.gateways ?? []).filter((g) => objectKey(g) === key);
  const names = (list: TranslateInput["tcpRoutes"]) =>
    (list ?? []).filter((r) =>
      (r.spec.parentRefs ?? []).some((p) => gatewayKeyOf(p, r.metadata.namespace ?? "") === key)
    );
  const tcpRoutes = names(full.tcpRoutes);
  const udpRoutes = names(full.udpRoutes);
  const backends = new Set(
    [...tcpRoutes, ...udpRoutes].flatMap((r) =>
      (r.spec.rules ?? []).flatMap((rule) =>
        (rule.backendRefs ?? []).map((b) => `${b.namespace ?? r.metadata.namespace}/${b.name}`)
      )
    ),
  );
  const controller = full.config.controllerName;
  const ours = (o: Parameters<typeof ownerGatewayKey>[0]) => ownerGatewayKey(o, controller) === key;
  const all = full.services ?? [];
  return {
    ...full,
    gateways,
    tcpRoutes,
    udpRoutes,
    services: all.filter((s) => backends.has(objectKey(s)) || ours(s)),
    lookupService: (ns, name) => all.find((s) => objectKey(s) === `${ns}/${name}`),
    endpointSlices: (full.endpointSlices ?? []).filter((s) =>
      ours(s) ||
      backends.has(`${s.metadata.namespace}/${s.metadata.labels?.["kubernetes.io/service-name"]}`)
    ),
    scope: { gateways: [key] },
  };
}

for (const name of goldenCases()) {
  Deno.test(`locality: ${name.replaceAll("-", " ")} decides each Gateway the same from its own snapshot`, () => {
    const full = loadCase(name).input;
    const whole = translate(full);
    for (const g of full.gateways ?? []) {
      const key = objectKey(g);
      // As the controller does: allocations not yet visible in the cache are in the address view
      // (PendingAllocations.addTo) and, by owner, in pendingAddresses.
      const view = addressesInUseOf(full.gateways ?? [], full.services ?? []);
      for (const a of whole.allocations) view.add(a.address, a.owner);
      const pendingAddresses = new Map(whole.allocations.map((a) => [a.owner, a.address]));
      const context = { addressesInUse: view, pendingAddresses };
      const expected = translate({ ...full, scope: { gateways: [key] }, ...context });
      const actual = translate({ ...gatewayScope(full, key), ...context });
      const strip = (r: TranslateResult) => ({ ...r, routes: [], gatewayClasses: [] });
      assert.deepEqual(strip(actual), strip(expected), `Gateway ${key}`);
    }
    for (
      const [kind, list] of [["TCPRoute", full.tcpRoutes], ["UDPRoute", full.udpRoutes]] as const
    ) {
      for (const route of list ?? []) {
        const scoped = translate(routeScope(full, route));
        const find = (r: TranslateResult) =>
          r.routes.find((d) => d.kind === kind && `${d.namespace}/${d.name}` === objectKey(route));
        assert.deepEqual(find(scoped), find(whole), `${kind} ${objectKey(route)}`);
      }
    }
  });
}

/** The snapshot the controller would build for one route key. */
function routeScope(
  full: TranslateInput,
  route: NonNullable<TranslateInput["tcpRoutes"]>[number],
): TranslateInput {
  const parents = new Set(
    (route.spec.parentRefs ?? []).map((p) => gatewayKeyOf(p, route.metadata.namespace ?? "")),
  );
  const onParents = (list: TranslateInput["tcpRoutes"]) =>
    (list ?? []).filter((r) =>
      r === route ||
      (r.spec.parentRefs ?? []).some((p) =>
        parents.has(gatewayKeyOf(p, r.metadata.namespace ?? ""))
      )
    );
  const backends = new Set(
    (route.spec.rules ?? []).flatMap((rule) =>
      (rule.backendRefs ?? []).map((b) => `${b.namespace ?? route.metadata.namespace}/${b.name}`)
    ),
  );
  return {
    ...full,
    gateways: (full.gateways ?? []).filter((g) => parents.has(objectKey(g))),
    tcpRoutes: onParents(full.tcpRoutes),
    udpRoutes: onParents(full.udpRoutes),
    services: (full.services ?? []).filter((s) => backends.has(objectKey(s))),
    endpointSlices: [],
    scope: { gateways: [] },
  };
}
