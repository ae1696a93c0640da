/**
 * `metav1.LabelSelector` matching, as the API server does it: every `matchLabels` pair and every
 * `matchExpressions` requirement must hold; an empty selector matches everything.
 *
 * Written by hand: the rules are a dozen lines, and npm's Kubernetes clients that have them bring a
 * whole client with them.
 *
 * @module
 */
import type { LabelSelector } from "./types/mod.ts";

/**
 * Whether `labels` satisfy `selector`.
 *
 * @example
 * ```ts
 * selectorMatches({ matchLabels: { team: "a" } }, { team: "a", env: "prod" }); // true
 * selectorMatches({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] },
 *   { env: "prod" }); // false
 * ```
 */
export function selectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
        if (!has || !values.includes(labels[req.key]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
