import assert from "node:assert/strict";
import { formatMicroTime, formatTime, normalizeMicroTime, parseTime } from "./meta_time.ts";

Deno.test("§0.9: Time fields are written as RFC 3339 whole seconds", () => {
  assert.equal(formatTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), "2025-01-02T03:04:05Z");
});

Deno.test("§0.9: MicroTime fields have exactly six fractional digits", () => {
  assert.equal(formatMicroTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), "2025-01-02T03:04:05.678000Z");
  assert.match(formatMicroTime(0), /^1970-01-01T00:00:00\.\d{6}Z$/);
});

Deno.test("§0.9: a client's MicroTime keeps its instant and gets six digits", () => {
  assert.equal(normalizeMicroTime("2025-01-02T03:04:05.1Z"), "2025-01-02T03:04:05.100000Z");
  assert.equal(normalizeMicroTime("2025-01-02T05:04:05+02:00"), "2025-01-02T03:04:05.000000Z");
  assert.equal(normalizeMicroTime("yesterday"), "yesterday");
  assert.ok(Number.isNaN(parseTime("yesterday")));
});
