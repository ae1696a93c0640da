/**
 * Names and label values for the objects the controller makes: DNS-1035 labels (Service names),
 * label values, and the stable hash that keeps shortened names unique.
 *
 * The hash is 32-bit FNV-1a (as Kubernetes' pod-template-hash), written out here: it is a few lines,
 * synchronous (WebCrypto's digest is async), and an order of magnitude cheaper per call than
 * `node:crypto` for the thousands of names one pass builds.
 *
 * @module
 */
/** Longest DNS-1035 label (Service names, Service port names). */
export const MAX_LABEL = 63;

/**
 * A short stable hash (8 lowercase hex characters, FNV-1a 32-bit) of `text`.
 *
 * @example
 * ```ts
 * stableHash("team-a/gw"); // always the same 8 characters for the same text
 * ```
 */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function shorten(base: string, max: number, identity: string): string {
  const room = max - 9;
  const head = base.slice(0, room).replace(/-+$/, "");
  return `${head}-${stableHash(identity)}`;
}

/**
 * Turns `wanted` into a valid DNS-1035 label (lowercase letters, digits and `-`, starting with a
 * letter, ending with a letter or digit, at most 63 characters). When `wanted` is already valid it is
 * returned as it is; otherwise it is cleaned and gets a hash of `identity` (default: `wanted`), so two
 * different inputs never end up with the same name by cleaning alone.
 *
 * @example
 * ```ts
 * dns1035Name("gw-l4"); // "gw-l4"
 * dns1035Name("9.gw_with.dots"); // "x9-gw-with-dots-<hash>"
 * ```
 */
export function dns1035Name(wanted: string, identity: string = wanted, max = MAX_LABEL): string {
  if (wanted.length <= max && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(wanted)) return wanted;
  let base = wanted.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(base)) base = `x${base}`;
  return shorten(base, max, identity);
}

/**
 * A valid label value for `value` (at most 63 characters of `[A-Za-z0-9_.-]`, alphanumeric at both
 * ends). Valid values are kept; others are cleaned and get a hash of the original.
 *
 * @example
 * ```ts
 * labelValue("kube-vip.io/controller"); // "kube-vip.io-controller-<hash>"
 * ```
 */
export function labelValue(value: string): string {
  const cached = labelCache.get(value);
  if (cached !== undefined) return cached;
  const out = computeLabelValue(value);
  if (labelCache.size > 10_000) labelCache.clear();
  labelCache.set(value, out);
  return out;
}

const labelCache = new Map<string, string>();

function computeLabelValue(value: string): string {
  if (value.length <= MAX_LABEL && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value)) {
    return value;
  }
  let base = value.replace(/[^-A-Za-z0-9_.]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (!base) base = "x";
  return shorten(base, MAX_LABEL, value);
}
