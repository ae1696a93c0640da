import assert from "node:assert/strict";
import { GrantIndex } from "./reference_grants.ts";
import type { ReferenceGrant } from "./types/mod.ts";

const G = "gateway.networking.k8s.io";
const from = { group: G, kind: "TCPRoute", namespace: "apps" };
const to = { group: "", kind: "Service", namespace: "db", name: "pg" };

function grant(overrides: {
  namespace?: string;
  from?: Partial<ReferenceGrant["spec"]["from"][number]>;
  to?: Partial<ReferenceGrant["spec"]["to"][number]>;
}): ReferenceGrant {
  return {
    metadata: { name: "g", namespace: overrides.namespace ?? "db" },
    spec: {
      from: [{ group: G, kind: "TCPRoute", namespace: "apps", ...overrides.from }],
      to: [{ group: "", kind: "Service", name: "pg", ...overrides.to }],
    },
  };
}

Deno.test("a matching grant in the target namespace permits the reference", () => {
  assert.equal(new GrantIndex([grant({})]).permits(from, to), true);
  const anyName = grant({});
  delete anyName.spec.to[0]!.name;
  assert.equal(new GrantIndex([anyName]).permits(from, to), true);
});

Deno.test("same-namespace references need no grant", () => {
  assert.equal(new GrantIndex([]).permits(from, { ...to, namespace: "apps" }), true);
});

Deno.test("all seven near-miss grants are refused", () => {
  const nearMisses: Record<string, ReferenceGrant> = {
    "wrong namespace": grant({ namespace: "apps" }),
    "wrong from.group": grant({ from: { group: "example.com" } }),
    "wrong from.kind": grant({ from: { kind: "UDPRoute" } }),
    "wrong from.namespace": grant({ from: { namespace: "other" } }),
    "wrong to.group": grant({ to: { group: "example.com" } }),
    "wrong to.kind": grant({ to: { kind: "Secret" } }),
    "wrong to.name": grant({ to: { name: "other" } }),
  };
  for (const [why, g] of Object.entries(nearMisses)) {
    assert.equal(new GrantIndex([g]).permits(from, to), false, why);
  }
});
