import assert from "node:assert/strict";
import { microTime, rfc3339 } from "./micro_time.ts";

Deno.test("MicroTime has exactly six fractional digits; Time has none", () => {
  const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 123);
  assert.equal(microTime(ms), "2025-01-02T03:04:05.123000Z");
  assert.match(microTime(0), /^1970-01-01T00:00:00\.000000Z$/);
  assert.equal(rfc3339(ms), "2025-01-02T03:04:05Z");
  assert.equal(Date.parse(microTime(ms)), ms, "the value reads back unchanged");
});
