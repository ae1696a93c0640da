import assert from "node:assert/strict";
import { behaviourOf, createSelector } from "./service_behaviour.ts";
import type { L4Route } from "./types/mod.ts";

const route = (labels?: Record<string, string>): L4Route => ({
  metadata: { name: "r", ...(labels ? { labels } : {}) },
  spec: { rules: [] },
});

Deno.test("a route without the label gets the default behaviour", () => {
  assert.deepEqual(behaviourOf(route(), "duplicate"), { ok: true, behaviour: "duplicate" });
});

Deno.test("the serviceBehaviour label chooses the behaviour", () => {
  for (const b of ["gateway", "create", "duplicate", "update"] as const) {
    assert.deepEqual(behaviourOf(route({ serviceBehaviour: b }), "gateway"), {
      ok: true,
      behaviour: b,
    });
  }
});

Deno.test("an unknown behaviour is refused with a message naming it", () => {
  const out = behaviourOf(route({ serviceBehaviour: "mirror" }), "gateway");
  assert.equal(out.ok, false);
  assert.match(out.ok ? "" : out.message, /"mirror" is not a service behaviour/);
});

Deno.test("create needs both selector labels", () => {
  assert.deepEqual(createSelector(route({ selectorkey: "app", selectorvalue: "web" })), {
    app: "web",
  });
  assert.equal(createSelector(route({ selectorkey: "app" })), undefined);
});
