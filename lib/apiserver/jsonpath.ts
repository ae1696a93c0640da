/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `[n]`, `[*]` and `[?(@.k=="v")]` filters.
 * Values are joined with `,` as kubectl's printer joins multiple results.
 *
 * @module
 */

type Step =
  | { kind: "field"; name: string }
  | { kind: "index"; index: number }
  | { kind: "all" }
  | { kind: "filter"; field: string; value: string };

function parse(path: string): Step[] {
  const steps: Step[] = [];
  const re =
    /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*["']([^"']*)["']\)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) steps.push({ kind: "field", name: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: "index", index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ kind: "filter", field: m[3], value: m[4]! });
    else steps.push({ kind: "all" });
  }
  return steps;
}

function get(v: unknown, field: string): unknown {
  let cur = v;
  for (const f of field.split(".")) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[f];
  }
  return cur;
}

/**
 * Evaluates a printer-column JSONPath against an object; returns the matched values.
 *
 * @example
 * ```ts
 * evaluate({ status: { conditions: [{ type: "Programmed", status: "True" }] } },
 *   '.status.conditions[?(@.type=="Programmed")].status'); // ["True"]
 * ```
 */
export function evaluate(obj: unknown, path: string): unknown[] {
  let cur: unknown[] = [obj];
  for (const s of parse(path)) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.kind === "field") {
        const x = get(v, s.name);
        if (x !== undefined) next.push(x);
      } else if (Array.isArray(v)) {
        if (s.kind === "index" && v[s.index] !== undefined) next.push(v[s.index]);
        if (s.kind === "all") next.push(...v);
        if (s.kind === "filter") next.push(...v.filter((e) => String(get(e, s.field)) === s.value));
      }
    }
    cur = next;
  }
  return cur;
}
