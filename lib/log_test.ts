import assert from "node:assert/strict";
import { createLogger } from "./log.ts";

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const log = createLogger({
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    write: (l) => lines.push(l),
    ...options,
  });
  return { log, lines };
}

Deno.test("json logs are one object per line with ts, level, msg and the fields", () => {
  const { log, lines } = capture({ format: "json" });
  log.with({ controller: "gateway" }).info("reconciled", {
    key: "default/gw",
    error: new Error("boom"),
  });
  assert.deepEqual(JSON.parse(lines[0]!), {
    ts: "2026-01-02T03:04:05.000Z",
    level: "info",
    msg: "reconciled",
    controller: "gateway",
    key: "default/gw",
    error: "boom",
  });
});

Deno.test("text logs quote values with spaces so lines stay parseable", () => {
  const { log, lines } = capture();
  log.warn("pool exhausted", { pool: "range-global", message: "all 21 in use" });
  assert.equal(
    lines[0],
    '2026-01-02T03:04:05.000Z WARN  pool exhausted pool=range-global message="all 21 in use"',
  );
});

Deno.test("records below the configured level are dropped", () => {
  const { log, lines } = capture({ level: "warn" });
  log.debug("d");
  log.info("i");
  log.error("e");
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /ERROR e$/);
});
