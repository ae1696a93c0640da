import assert from "node:assert/strict";
import { formatTime, isFalse, isTrue, mergeConditions } from "./conditions.ts";
import type { Condition } from "./types/mod.ts";

const NOW = "2026-03-01T10:00:00Z";
const pending: Condition = {
  type: "Accepted",
  status: "Unknown",
  reason: "Pending",
  message: "Waiting for controller",
  lastTransitionTime: "1970-01-01T00:00:00Z",
};

Deno.test("the CRD's default Pending condition is replaced, not appended to", () => {
  const out = mergeConditions([pending], [isTrue("Accepted", "Accepted", "ok")], {
    generation: 3,
    now: NOW,
  });
  assert.deepEqual(out, [{
    type: "Accepted",
    status: "True",
    observedGeneration: 3,
    lastTransitionTime: NOW,
    reason: "Accepted",
    message: "ok",
  }]);
});

Deno.test("lastTransitionTime is kept while the status does not change", () => {
  const before = {
    ...pending,
    status: "True" as const,
    lastTransitionTime: "2025-01-01T00:00:00Z",
  };
  const out = mergeConditions([before], [isTrue("Accepted", "Accepted", "new message")], {
    generation: 2,
    now: NOW,
  });
  assert.equal(out[0]!.lastTransitionTime, "2025-01-01T00:00:00Z");
  assert.equal(out[0]!.message, "new message");
  assert.equal(out[0]!.observedGeneration, 2);
});

Deno.test("a status change stamps the new time", () => {
  const before = {
    ...pending,
    status: "True" as const,
    lastTransitionTime: "2025-01-01T00:00:00Z",
  };
  const out = mergeConditions([before], [isFalse("Accepted", "Invalid", "no")], {
    generation: 2,
    now: NOW,
  });
  assert.equal(out[0]!.lastTransitionTime, NOW);
});

Deno.test("conditions of other types stay in place; owned ones no longer wanted go", () => {
  const foreign = { ...pending, type: "example.com/Healthy" };
  const stale = { ...pending, type: "PartiallyInvalid" };
  const out = mergeConditions(
    [foreign, stale, pending],
    [isTrue("Accepted", "Accepted", "ok")],
    { generation: 1, now: NOW, owned: ["Accepted", "PartiallyInvalid"] },
  );
  assert.deepEqual(out.map((c) => c.type), ["example.com/Healthy", "Accepted"]);
});

Deno.test("a condition written for a newer generation is left alone", () => {
  const newer = { ...pending, observedGeneration: 9 };
  const out = mergeConditions([newer], [isTrue("Accepted", "Accepted", "ok")], {
    generation: 8,
    now: NOW,
  });
  assert.deepEqual(out, [newer]);
});

Deno.test("times are RFC 3339 with whole seconds", () => {
  assert.equal(formatTime(new Date("2026-01-02T03:04:05.678Z")), "2026-01-02T03:04:05Z");
});
