/**
 * Kubernetes-aware API version ordering (`v1` > `v1beta2` > `v1beta1` > `v1alpha1` > `foo`), as
 * apimachinery's `CompareKubeAwareVersionStrings` sorts CRD versions in discovery (DISC-4).
 *
 * @module
 */

function parse(v: string): [number, number, number] | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return undefined;
  const stage = m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2;
  return [stage, Number(m[1]), Number(m[3] ?? 0)];
}

/**
 * Compares two versions for sorting, highest priority first.
 *
 * @example
 * ```ts
 * ["v1alpha2", "v1", "v1beta1"].sort(compareVersions); // ["v1", "v1beta1", "v1alpha2"]
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pb[0] - pa[0] || pb[1] - pa[1] || pb[2] - pa[2];
}
