/**
 * The service behaviour a route asks for (design §7), read from its labels:
 *
 * ```yaml
 * metadata:
 *   labels:
 *     serviceBehaviour: gateway | create | duplicate | update
 *     selectorkey: app          # create only
 *     selectorvalue: my-nginx   # create only
 * ```
 *
 * @module
 */
import { SERVICE_BEHAVIOURS, type ServiceBehaviour } from "./cli.ts";
import type { L4Route } from "./types/mod.ts";

/** The route label that chooses a behaviour. */
export const BEHAVIOUR_ROUTE_LABEL = "serviceBehaviour";
/** `create`: the label holding the selector key. */
export const SELECTOR_KEY_LABEL = "selectorkey";
/** `create`: the label holding the selector value. */
export const SELECTOR_VALUE_LABEL = "selectorvalue";

/**
 * The behaviour of `route`: its label, else `fallback`. An unknown value is an error message naming it.
 *
 * @example
 * ```ts
 * behaviourOf({ metadata: { labels: { serviceBehaviour: "update" } }, spec: { rules: [] } }, "gateway");
 * // { ok: true, behaviour: "update" }
 * ```
 */
export function behaviourOf(
  route: L4Route,
  fallback: ServiceBehaviour,
): { ok: true; behaviour: ServiceBehaviour } | { ok: false; message: string } {
  const value = route.metadata.labels?.[BEHAVIOUR_ROUTE_LABEL];
  if (value === undefined) return { ok: true, behaviour: fallback };
  if ((SERVICE_BEHAVIOURS as readonly string[]).includes(value)) {
    return { ok: true, behaviour: value as ServiceBehaviour };
  }
  return {
    ok: false,
    message: `Label ${BEHAVIOUR_ROUTE_LABEL}="${value}" is not a service behaviour; use one of ${
      SERVICE_BEHAVIOURS.join(", ")
    }`,
  };
}

/**
 * The Pod selector of a `create` route, or undefined when either label is missing or empty.
 *
 * @example
 * ```ts
 * createSelector({ metadata: { labels: { selectorkey: "app", selectorvalue: "web" } }, spec: { rules: [] } });
 * // { app: "web" }
 * ```
 */
export function createSelector(route: L4Route): Record<string, string> | undefined {
  const key = route.metadata.labels?.[SELECTOR_KEY_LABEL];
  const value = route.metadata.labels?.[SELECTOR_VALUE_LABEL];
  return key && value ? { [key]: value } : undefined;
}
