/**
 * Names and label values for the objects the controller makes: DNS-1035 labels (Service names),
 * label values, and the stable hash that keeps shortened names unique.
 *
 * Hashing uses `node:crypto` (SHA-256), which is synchronous and part of the runtime: the WebCrypto
 * digest is async, and a pure `translate()` must stay synchronous.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** Longest DNS-1035 label (Service names, Service port names). */
export const MAX_LABEL = 63;

/**
 * A short stable hash (8 lowercase hex characters of SHA-256) of `text`.
 *
 * @example
 * ```ts
 * stableHash("team-a/gw"); // always the same 8 characters for the same text
 * ```
 */
export function stableHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
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
  if (value.length <= MAX_LABEL && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value)) {
    return value;
  }
  let base = value.replace(/[^-A-Za-z0-9_.]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (!base) base = "x";
  return shorten(base, MAX_LABEL, value);
}
