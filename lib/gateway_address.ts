/**
 * The address of a Gateway (design §5): a static `spec.addresses` request honoured or refused, the
 * address it already has kept, or a new one allocated from its pool through the IPAM module; with
 * external IPAM (or a DHCP pool) the announcer allocates and we only pass requests through.
 *
 * @module
 */
import { AddressesInUse, allocate, type Pool, requestAddress } from "./ipam.ts";
import type { Gateway } from "./types/mod.ts";

/** What {@link decideAddress} decided. */
export type AddressDecision =
  | {
    kind: "assigned";
    address: string;
    /** Set when this pass allocated the address (not kept, not requested). */
    allocatedFrom?: Pool;
    /** Why the previous address was given up, when it was. */
    replaced?: string;
    /** A problem that does not stop the address from being used (extra requested addresses). */
    problem?: { reason: "AddressNotUsable"; message: string };
  }
  | { kind: "announcer"; requested?: string; dhcp: boolean }
  | { kind: "unsupported"; message: string }
  | { kind: "failed"; reason: "AddressNotAssigned" | "AddressNotUsable"; message: string };

/** Everything the decision depends on. */
export interface AddressRequest {
  gateway: Gateway;
  /** `Gateway ns/name`. */
  owner: string;
  ipam: "internal" | "external";
  pool: Pool | undefined;
  /** Explains where pools come from, for messages when there is none. */
  poolSource: string;
  /** This pass's view of addresses in use; assigned addresses are added to it. */
  inUse: AddressesInUse;
  /** Owners that are this Gateway or objects made for it. */
  ownOwners: ReadonlySet<string>;
  /** Addresses the Gateway had, in order of trust: status, its Services, pending allocations. */
  previous: readonly string[];
}

/** The `spec.addresses` request: unsupported types, the requested IP, extra IPs. */
export function staticRequest(gateway: Gateway): {
  unsupported: string[];
  requested?: string;
  extra: string[];
} {
  const unsupported: string[] = [];
  const ips: string[] = [];
  for (const a of gateway.spec.addresses ?? []) {
    const type = a.type ?? "IPAddress";
    if (type !== "IPAddress") unsupported.push(`${type} ${a.value ?? "(empty)"}`);
    else if (a.value) ips.push(a.value);
  }
  const [requested, ...extra] = ips;
  return requested === undefined ? { unsupported, extra } : { unsupported, requested, extra };
}

function foreignOwners(req: AddressRequest, address: string): string[] {
  return req.inUse.owners(address).filter((o) => !req.ownOwners.has(o));
}

/** Another Gateway that sorts before us holds it too: it keeps the address, we move. */
function losesTie(req: AddressRequest, address: string): boolean {
  return foreignOwners(req, address).some((o) => o.startsWith("Gateway ") && o < req.owner);
}

function keepPrevious(req: AddressRequest): { address?: string; replaced?: string } {
  let replaced: string | undefined;
  for (const address of req.previous) {
    if (req.pool && !req.pool.dhcp && !req.pool.contains(address)) {
      replaced ??= `${address} is outside pool ${req.pool.name} (${req.pool.describe()})`;
      continue;
    }
    if (losesTie(req, address)) {
      replaced ??= `${address} is also held by ${foreignOwners(req, address).join(", ")}`;
      continue;
    }
    return { address };
  }
  return replaced ? { replaced } : {};
}

function internal(req: AddressRequest, requested: string | undefined): AddressDecision {
  if (requested !== undefined) {
    const r = requestAddress(requested, req.pool, new AddressesInUse(), { owner: req.owner });
    if (!r.ok) return { kind: "failed", reason: r.reason, message: r.message };
    const others = foreignOwners(req, requested);
    if (others.length > 0) {
      return {
        kind: "failed",
        reason: "AddressNotUsable",
        message: `Requested address ${requested} is already in use by ${others.join(", ")}`,
      };
    }
    return { kind: "assigned", address: requested };
  }
  if (req.pool?.dhcp) return { kind: "announcer", dhcp: true };
  const kept = keepPrevious(req);
  if (kept.address) return { kind: "assigned", address: kept.address };
  if (!req.pool) {
    return { kind: "failed", reason: "AddressNotAssigned", message: req.poolSource };
  }
  const r = allocate(req.pool, req.inUse);
  if (!r.ok) return { kind: "failed", reason: r.reason, message: r.message };
  return {
    kind: "assigned",
    address: r.address,
    allocatedFrom: req.pool,
    ...(kept.replaced ? { replaced: kept.replaced } : {}),
  };
}

/**
 * Decides the Gateway's address and records it in `req.inUse` (so the next Gateway of the same pass
 * sees it taken).
 *
 * @example
 * ```ts
 * decideAddress({ gateway, owner: "Gateway apps/gw", ipam: "internal", pool, poolSource: "",
 *   inUse: view.overlay(), ownOwners: new Set(["Gateway apps/gw"]), previous: [] });
 * // { kind: "assigned", address: "10.0.0.10", allocatedFrom: pool }
 * ```
 */
export function decideAddress(req: AddressRequest): AddressDecision {
  const { unsupported, requested, extra } = staticRequest(req.gateway);
  if (unsupported.length > 0) {
    return {
      kind: "unsupported",
      message:
        `Address ${unsupported.join(", ")} is not supported: l4gw assigns one IPAddress per ` +
        `Gateway`,
    };
  }
  if (req.ipam === "external") {
    return requested !== undefined
      ? { kind: "announcer", requested, dhcp: false }
      : { kind: "announcer", dhcp: req.pool?.dhcp ?? false };
  }
  const decision = internal(req, requested);
  if (decision.kind !== "assigned") return decision;
  req.inUse.add(decision.address, req.owner);
  if (extra.length === 0) return decision;
  return {
    ...decision,
    problem: {
      reason: "AddressNotUsable",
      message: `Only one address per Gateway is supported: ${decision.address} is used and ${
        extra.join(", ")
      } ${extra.length > 1 ? "are" : "is"} not`,
    },
  };
}
