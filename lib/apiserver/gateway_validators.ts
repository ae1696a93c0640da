/**
 * The CEL rules of the Gateway API v1.6.1 CRDs that a controller or a user can trip, evaluated in
 * TypeScript (no CEL interpreter is reachable from npm at an acceptable size). Error texts are the CRDs'
 * messages, in the `field: Invalid value: "<type>": <message>` form kube-apiserver gives CEL failures.
 *
 * @module
 */
import type { FieldError } from "./errors.ts";
import type { KubeObject, Validator } from "./types.ts";

type Obj = Record<string, unknown>;

function cel(field: string, type: string, message: string): FieldError {
  return { type: "FieldValueInvalid", field, detail: `Invalid value: "${type}": ${message}` };
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter((x): x is Obj => typeof x === "object" && x !== null) : [];
}

function spec(obj: KubeObject): Obj {
  return (obj.spec ?? {}) as Obj;
}

function validateListeners(obj: KubeObject): FieldError[] {
  const listeners = list(spec(obj).listeners);
  const out: FieldError[] = [];
  const f = "spec.listeners";
  const is = (l: Obj, protocols: string[]) => protocols.includes(String(l.protocol));
  if (listeners.some((l) => is(l, ["HTTP", "TCP", "UDP"]) && l.tls !== undefined)) {
    out.push(cel(f, "array", "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"));
  }
  if (
    listeners.some((l) =>
      is(l, ["HTTPS"]) && l.tls !== undefined && (l.tls as Obj).mode !== undefined &&
      (l.tls as Obj).mode !== "Terminate"
    )
  ) out.push(cel(f, "array", "tls mode must be Terminate for protocol HTTPS"));
  if (listeners.some((l) => is(l, ["TLS"]) && (l.tls as Obj | undefined)?.mode === undefined)) {
    out.push(cel(f, "array", "tls mode must be set for protocol TLS"));
  }
  if (listeners.some((l) => is(l, ["TCP", "UDP"]) && l.hostname !== undefined)) {
    out.push(cel(f, "array", "hostname must not be specified for protocols ['TCP', 'UDP']"));
  }
  const names = listeners.map((l) => String(l.name));
  if (new Set(names).size !== names.length) {
    out.push(cel(f, "array", "Listener name must be unique within the Gateway"));
  }
  const combos = listeners.map((l) => `${l.port}|${l.protocol}|${l.hostname ?? ""}`);
  if (new Set(combos).size !== combos.length) {
    out.push(
      cel(
        f,
        "array",
        "Combination of port, protocol and hostname must be unique for each listener",
      ),
    );
  }
  return out;
}

function validateAddresses(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  for (
    const [type, message] of [
      ["IPAddress", "IPAddress values must be unique"],
      ["Hostname", "Hostname values must be unique"],
    ] as const
  ) {
    const values = list(spec(obj).addresses)
      .filter((a) => (a.type ?? "IPAddress") === type && a.value !== undefined)
      .map((a) => String(a.value));
    if (new Set(values).size !== values.length) out.push(cel("spec.addresses", "array", message));
  }
  return out;
}

function validateParentRefs(obj: KubeObject, sectionOrPort: boolean): FieldError[] {
  const refs = list(spec(obj).parentRefs);
  const parent = (p: Obj) =>
    `${p.group ?? ""}|${p.kind ?? ""}|${p.namespace ?? ""}|${p.name ?? ""}`;
  const groups = new Map<string, Obj[]>();
  for (const p of refs) groups.set(parent(p), [...(groups.get(parent(p)) ?? []), p]);
  const out: FieldError[] = [];
  const what = sectionOrPort ? "sectionName or port" : "sectionName";
  for (const same of groups.values()) {
    if (same.length < 2) continue;
    const has = (p: Obj) => p.sectionName !== undefined || (sectionOrPort && p.port !== undefined);
    if (!same.every(has)) {
      out.push(cel(
        "spec.parentRefs",
        "array",
        `${what} must be specified when parentRefs includes 2 or more references to the same parent`,
      ));
      continue;
    }
    const keys = same.map((p) => `${p.sectionName ?? ""}|${sectionOrPort ? p.port ?? "" : ""}`);
    if (new Set(keys).size !== keys.length) {
      out.push(cel(
        "spec.parentRefs",
        "array",
        `${what} must be unique when parentRefs includes 2 or more references to the same parent`,
      ));
    }
  }
  return out;
}

function validateBackendPorts(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  list(spec(obj).rules).forEach((rule, i) => {
    list(rule.backendRefs).forEach((b, j) => {
      if ((b.group ?? "") === "" && (b.kind ?? "Service") === "Service" && b.port === undefined) {
        out.push(
          cel(
            `spec.rules[${i}].backendRefs[${j}]`,
            "object",
            "Must have port for Service reference",
          ),
        );
      }
    });
  });
  return out;
}

function routeValidator(experimental: boolean): Validator {
  return (obj) => [...validateParentRefs(obj, experimental), ...validateBackendPorts(obj)];
}

/**
 * CEL-equivalent validators per Gateway API kind. `experimental` selects the experimental channel's
 * parentRef rule ("sectionName or port").
 */
export function gatewayValidators(experimental: boolean): Record<string, Validator> {
  return {
    Gateway: (obj) => [...validateListeners(obj), ...validateAddresses(obj)],
    GatewayClass: (obj, old) => {
      const now = spec(obj).controllerName;
      const before = old ? spec(old).controllerName : undefined;
      return old && now !== before
        ? [cel("spec.controllerName", "string", "Value is immutable")]
        : [];
    },
    TCPRoute: routeValidator(experimental),
    UDPRoute: routeValidator(experimental),
  };
}
