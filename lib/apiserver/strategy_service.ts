/**
 * Service: server defaults and allocations on create (SVC-1), allocated values carried over on
 * update (SVC-2), immutable cluster IP (SVC-3), status owned by the status subresource (STS-4).
 *
 * @module
 */
import {
  duplicate,
  type FieldError,
  invalid,
  invalidValue,
  notSupported,
  required,
} from "./errors.ts";
import type { Strategy, StrategyContext } from "./strategy.ts";
import type { KubeObject } from "./types.ts";

interface Port {
  name?: string;
  protocol?: string;
  port?: number;
  targetPort?: number | string | undefined;
  nodePort?: number;
}

interface Spec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Port[];
  sessionAffinity?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  healthCheckNodePort?: number;
  [k: string]: unknown;
}

function spec(obj: KubeObject): Spec {
  if (typeof obj.spec !== "object" || obj.spec === null) obj.spec = {};
  return obj.spec as Spec;
}

function needsNodePorts(s: Spec): boolean {
  return s.type === "NodePort" ||
    (s.type === "LoadBalancer" && s.allocateLoadBalancerNodePorts !== false);
}

function applyDefaults(s: Spec): void {
  s.type ??= "ClusterIP";
  s.sessionAffinity ??= "None";
  for (const p of s.ports ?? []) {
    p.protocol ??= "TCP";
    p.targetPort ??= p.port;
  }
  if (s.type === "ExternalName") return;
  s.internalTrafficPolicy ??= "Cluster";
  if (s.type === "LoadBalancer" || s.type === "NodePort") s.externalTrafficPolicy ??= "Cluster";
  if (s.type === "LoadBalancer") s.allocateLoadBalancerNodePorts ??= true;
}

function allocate(s: Spec, ctx: StrategyContext): void {
  if (s.type === "ExternalName") return;
  if (s.clusterIP === undefined && s.clusterIPs?.[0]) s.clusterIP = s.clusterIPs[0];
  if (s.clusterIP === undefined || s.clusterIP === "") s.clusterIP = ctx.services.allocateIp();
  s.clusterIPs = [s.clusterIP];
  if (s.clusterIP !== "None") {
    s.ipFamilies ??= ["IPv4"];
    s.ipFamilyPolicy ??= "SingleStack";
  } else {
    s.ipFamilies ??= ["IPv4"];
    s.ipFamilyPolicy ??= "SingleStack";
  }
  if (needsNodePorts(s)) {
    for (const p of s.ports ?? []) if (!p.nodePort) p.nodePort = ctx.services.allocatePort();
  }
}

function validatePorts(s: Spec): FieldError[] {
  const out: FieldError[] = [];
  const ports = s.ports ?? [];
  const types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
  if (!types.includes(s.type ?? "")) out.push(notSupported("spec.type", s.type, types));
  if (ports.length === 0 && s.type !== "ExternalName" && s.clusterIP !== "None") {
    out.push(required("spec.ports"));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(required(`${f}.name`));
    if (p.name) {
      if (names.has(p.name)) out.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    if (!Number.isInteger(p.port) || p.port! < 1 || p.port! > 65535) {
      out.push(invalidValue(`${f}.port`, p.port ?? 0, "must be between 1 and 65535, inclusive"));
    }
    if (!["TCP", "UDP", "SCTP"].includes(p.protocol ?? "")) {
      out.push(notSupported(`${f}.protocol`, p.protocol, ["SCTP", "TCP", "UDP"]));
    }
  });
  return out;
}

function carryAllocations(s: Spec, old: Spec): void {
  if (s.type === "ExternalName") return;
  if ((s.clusterIP === undefined || s.clusterIP === "") && old.clusterIP) {
    s.clusterIP = old.clusterIP;
  }
  if (!s.clusterIPs?.length && old.clusterIPs) s.clusterIPs = [...old.clusterIPs];
  if (s.healthCheckNodePort === undefined && old.healthCheckNodePort !== undefined) {
    s.healthCheckNodePort = old.healthCheckNodePort;
  }
  for (const p of s.ports ?? []) {
    if (p.nodePort) continue;
    const before = (old.ports ?? []).find((o) =>
      o.port === p.port && (o.protocol ?? "TCP") === (p.protocol ?? "TCP")
    );
    if (before?.nodePort && needsNodePorts(s)) p.nodePort = before.nodePort;
  }
}

/** The Service strategy. */
export const serviceStrategy: Strategy = {
  prepareCreate(obj, _type, ctx) {
    const s = spec(obj);
    applyDefaults(s);
    obj.status = { loadBalancer: {} };
    const errs = validatePorts(s);
    if (errs.length === 0) {
      if (s.clusterIP && s.clusterIP !== "None") {
        const why = ctx.services.claimIp(s.clusterIP);
        if (why) throw invalidClusterIp(obj, s.clusterIP, why);
      }
      allocate(s, ctx);
    }
  },
  prepareUpdate(obj, old, _type, ctx) {
    const s = spec(obj);
    const o = spec(old);
    applyDefaults(s);
    carryAllocations(s, o);
    if (s.clusterIP === o.clusterIP || !o.clusterIP) {
      if (validatePorts(s).length === 0) allocate(s, ctx);
    }
  },
  validate(obj, old) {
    const s = spec(obj);
    const out = validatePorts(s);
    if (old) {
      const o = spec(old);
      if (
        o.type !== "ExternalName" && s.type !== "ExternalName" && o.clusterIP &&
        s.clusterIP !== o.clusterIP
      ) {
        out.push(ipsError(
          "spec.clusterIPs[0]",
          s.clusterIPs ?? [s.clusterIP ?? ""],
          "may not change once set",
        ));
      }
    }
    return out;
  },
  released(obj, ctx) {
    const s = spec(obj);
    if (s.clusterIP && s.clusterIP !== "None") ctx.services.releaseIp(s.clusterIP);
    for (const p of s.ports ?? []) if (p.nodePort) ctx.services.releasePort(p.nodePort);
  },
};

function ipsError(field: string, ips: string[], why: string): FieldError {
  const list = `[]string{${ips.map((ip) => JSON.stringify(ip)).join(", ")}}`;
  return { type: "FieldValueInvalid", field, detail: `Invalid value: ${list}: ${why}` };
}

function invalidClusterIp(obj: KubeObject, ip: string, why: string) {
  return invalid("Service", "", obj.metadata.name ?? "", [ipsError("spec.clusterIPs", [ip], why)]);
}
