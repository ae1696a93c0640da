/**
 * Cluster IP (10.96.0.0/12) and node port (30000–32767) allocation for Services (SVC-1), as the
 * service registry does: the lowest free value, never one in use.
 *
 * @module
 */
import { failure } from "./errors.ts";

const BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const SIZE = 1 << 20; // /12

function ipToInt(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return undefined;
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Hands out cluster IPs and node ports and takes them back. */
export class ServiceAllocator {
  readonly #ips = new Set<number>();
  readonly #ports = new Set<number>();
  #nextIp = 10; // .0 network, .1 the kubernetes Service, .10 kube-dns by convention
  #nextPort = 30000;

  /** The service CIDR. */
  readonly cidr = "10.96.0.0/12";

  /** Allocates the next free cluster IP. */
  allocateIp(): string {
    for (let i = 0; i < SIZE; i++) {
      const off = ((this.#nextIp + i) % (SIZE - 2)) + 1;
      if (!this.#ips.has(off)) {
        this.#ips.add(off);
        this.#nextIp = off + 1;
        return intToIp((BASE + off) >>> 0);
      }
    }
    throw failure(500, "InternalError", "Internal error occurred: range is full");
  }

  /**
   * Claims a specific cluster IP; returns an error detail when it is outside the range or taken.
   */
  claimIp(ip: string): string | undefined {
    const n = ipToInt(ip);
    if (n === undefined) return "must be a valid IP address";
    const off = n - (BASE >>> 0);
    if (off <= 0 || off >= SIZE - 1) {
      return `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
    }
    if (this.#ips.has(off)) return `failed to allocate IP ${ip}: provided IP is already allocated`;
    this.#ips.add(off);
    return undefined;
  }

  /** Releases a cluster IP. */
  releaseIp(ip: string): void {
    const n = ipToInt(ip);
    if (n !== undefined) this.#ips.delete(n - (BASE >>> 0));
  }

  /** Allocates the next free node port. */
  allocatePort(): number {
    for (let i = 0; i < 2768; i++) {
      const p = 30000 + ((this.#nextPort - 30000 + i) % 2768);
      if (!this.#ports.has(p)) {
        this.#ports.add(p);
        this.#nextPort = p + 1;
        return p;
      }
    }
    throw failure(500, "InternalError", "Internal error occurred: range is full");
  }

  /** Claims a specific node port; returns an error detail when it cannot. */
  claimPort(port: number): string | undefined {
    if (port < 30000 || port > 32767) {
      return "provided port is not in the valid range. The range of valid ports is 30000-32767";
    }
    if (this.#ports.has(port)) return "provided port is already allocated";
    this.#ports.add(port);
    return undefined;
  }

  /** Releases a node port. */
  releasePort(port: number): void {
    this.#ports.delete(port);
  }
}
