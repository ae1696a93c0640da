/**
 * Reading a controller's Prometheus metrics in tests (to wait for "it has processed everything"
 * instead of sleeping).
 *
 * @module
 */

/** Parses the Prometheus text format into `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** Sums every sample of `name` whose labels include all of `labels` (e.g. `controller="gateway"`). */
export function sum(metrics: Map<string, number>, name: string, ...labels: string[]): number {
  let total = 0;
  for (const [key, value] of metrics) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (labels.every((l) => key.includes(l))) total += value;
  }
  return total;
}

/** Fetches and parses a metrics endpoint. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  return parseMetrics(await response.text());
}

/**
 * Whether a controller is idle: every work queue empty and nothing in flight, and at least
 * `minReconciles` reconciles done by `controller`.
 */
export function idle(
  metrics: Map<string, number>,
  controller: string,
  minReconciles: number,
): boolean {
  const done = sum(metrics, "controller_runtime_reconcile_total", `controller="${controller}"`);
  const depth = sum(metrics, "workqueue_depth");
  const active = sum(metrics, "controller_runtime_active_workers");
  return done >= minReconciles && depth === 0 && active === 0;
}
