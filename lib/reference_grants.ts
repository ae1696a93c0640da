/**
 * ReferenceGrant matching (reference §3.1): a cross-namespace reference is permitted only by a grant
 * in the target namespace whose `from` names the referrer's group, kind and namespace and whose `to`
 * names the target's group, kind and (when set) name. Every near miss is refused.
 *
 * @module
 */
import type { ReferenceGrant } from "./types/mod.ts";

/** The object holding a reference. */
export interface Referrer {
  group: string;
  kind: string;
  namespace: string;
}

/** The object being referenced. */
export interface Referent {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Grants indexed by namespace, built once per pass.
 *
 * @example
 * ```ts
 * const grants = new GrantIndex(snapshot.referenceGrants);
 * grants.permits(
 *   { group: "gateway.networking.k8s.io", kind: "TCPRoute", namespace: "apps" },
 *   { group: "", kind: "Service", namespace: "db", name: "postgres" },
 * );
 * ```
 */
export class GrantIndex {
  #byNamespace = new Map<string, ReferenceGrant[]>();

  constructor(grants: readonly ReferenceGrant[]) {
    for (const g of grants) {
      const ns = g.metadata.namespace ?? "";
      this.#byNamespace.set(ns, [...(this.#byNamespace.get(ns) ?? []), g]);
    }
  }

  /** Whether `from` may reference `to`. Same-namespace references need no grant. */
  permits(from: Referrer, to: Referent): boolean {
    if (from.namespace === to.namespace) return true;
    return (this.#byNamespace.get(to.namespace) ?? []).some((grant) =>
      (grant.spec?.from ?? []).some((f) =>
        f.group === from.group && f.kind === from.kind && f.namespace === from.namespace
      ) &&
      (grant.spec?.to ?? []).some((t) =>
        t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name)
      )
    );
  }
}
