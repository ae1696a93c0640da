/**
 * Service: server defaults and allocations on create (SVC-1), allocated values carried over on
 * update (SVC-2), immutable cluster IP (SVC-3), status owned by the status subresource (STS-4).
 *
 * @module
 */
import {
  duplicate,
  type FieldError,
  forbiddenField,
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

function nodePorts(s: Spec): Set<number> {
  return new Set((s.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
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
    for (const p of s.ports ?? []) {
      if (p.nodePort) continue;
      p.nodePort = ctx.services.allocatePort();
      fresh.set(s, new Set([...(fresh.get(s) ?? []), p.nodePort]));
    }
  }
}

const isNodePortish = (s: Spec) => s.type === "NodePort" || s.type === "LoadBalancer";

/**
 * When the type changes away from NodePort/LoadBalancer, the fields that only make sense there are
 * cleared if the client left them as they were (kube-apiserver's `dropTypeDependentFields`), so
 * turning a LoadBalancer back into a ClusterIP Service with the object just read succeeds.
 */
function dropTypeDependentFields(s: Spec, o: Spec): void {
  if (isNodePortish(o) && !needsNodePorts(s)) {
    for (const p of s.ports ?? []) {
      const before = (o.ports ?? []).find((x) =>
        x.port === p.port && (x.protocol ?? "TCP") === (p.protocol ?? "TCP")
      );
      if (p.nodePort && before?.nodePort === p.nodePort) delete p.nodePort;
    }
  }
  if (
    isNodePortish(o) && !isNodePortish(s) && s.externalTrafficPolicy === o.externalTrafficPolicy
  ) {
    delete s.externalTrafficPolicy;
  }
  if (o.type === "LoadBalancer" && s.type !== "LoadBalancer") {
    if (s.healthCheckNodePort === o.healthCheckNodePort) delete s.healthCheckNodePort;
    if (s.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts) {
      delete s.allocateLoadBalancerNodePorts;
    }
    if (s.loadBalancerClass === o.loadBalancerClass) delete s.loadBalancerClass;
  }
}

/** Node ports this request allocated itself (not asked for by the client). */
const fresh = new WeakMap<Spec, Set<number>>();

/** Claims the node ports a new Service asks for; 422 when one is taken or out of range. */
function claimNodePorts(obj: KubeObject, s: Spec, ctx: StrategyContext): void {
  const claimed: number[] = [];
  (s.ports ?? []).forEach((p, i) => {
    if (!p.nodePort || !needsNodePorts(s)) return;
    const why = ctx.services.claimPort(p.nodePort);
    if (why) {
      for (const c of claimed) ctx.services.releasePort(c);
      throw invalid("Service", "", obj.metadata.name ?? "", [
        invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, why),
      ]);
    }
    claimed.push(p.nodePort);
  });
}

function validatePorts(s: Spec): FieldError[] {
  const out: FieldError[] = [];
  const ports = s.ports ?? [];
  const types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
  if (!types.includes(s.type ?? "")) out.push(notSupported("spec.type", s.type, types));
  if (ports.length === 0 && s.type !== "ExternalName" && s.clusterIP !== "None") {
    out.push(required("spec.ports"));
  }
  if (s.externalTrafficPolicy && !isNodePortish(s)) {
    out.push(invalidValue(
      "spec.externalTrafficPolicy",
      s.externalTrafficPolicy,
      "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ));
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
    if (p.nodePort && (s.type === "ClusterIP" || s.type === "ExternalName")) {
      out.push(forbiddenField(`${f}.nodePort`, `may not be used when \`type\` is '${s.type}'`));
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
      claimNodePorts(obj, s, ctx);
      if (s.clusterIP && s.clusterIP !== "None") {
        const why = ctx.services.claimIp(s.clusterIP);
        if (why) {
          for (const p of s.ports ?? []) if (p.nodePort) ctx.services.releasePort(p.nodePort);
          throw invalidClusterIp(obj, s.clusterIP, why);
        }
      }
      allocate(s, ctx);
    }
  },
  prepareUpdate(obj, old, _type, ctx) {
    const s = spec(obj);
    const o = spec(old);
    s.type ??= "ClusterIP";
    dropTypeDependentFields(s, o);
    applyDefaults(s);
    carryAllocations(s, o);
    if (s.clusterIP === o.clusterIP || !o.clusterIP) {
      if (validatePorts(s).length === 0) allocate(s, ctx);
    }
  },
  validate(obj, old, _type, ctx) {
    const s = spec(obj);
    const out = validatePorts(s);
    if (old) {
      const o = spec(old);
      const had = nodePorts(o);
      (s.ports ?? []).forEach((p, i) => {
        const mine = had.has(p.nodePort ?? 0) || fresh.get(s)?.has(p.nodePort ?? 0);
        if (p.nodePort && !mine && ctx.services.portInUse(p.nodePort)) {
          out.push(
            invalidValue(
              `spec.ports[${i}].nodePort`,
              p.nodePort,
              "provided port is already allocated",
            ),
          );
        }
      });
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
  updated(obj, old, ctx) {
    const now = nodePorts(spec(obj));
    const before = nodePorts(spec(old));
    for (const p of before) if (!now.has(p)) ctx.services.releasePort(p);
    for (const p of now) if (!before.has(p)) ctx.services.claimPort(p);
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
