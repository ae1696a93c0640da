/**
 * Strategies of the small built-in kinds: Namespace (§2.4), Secret (`stringData` folded into `data`),
 * Lease (reference §10: MicroTime fields, positive duration), EndpointSlice (address type).
 *
 * @module
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from "./errors.ts";
import { normalizeMicroTime, parseTime } from "./meta_time.ts";
import type { Strategy } from "./strategy.ts";
import type { KubeObject } from "./types.ts";

type Obj = Record<string, unknown>;

/** The label every Namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

function labelName(obj: KubeObject): void {
  obj.metadata.labels = { ...obj.metadata.labels, [NAMESPACE_NAME_LABEL]: obj.metadata.name! };
}

/** Namespace: `spec.finalizers: [kubernetes]`, phase Active, the metadata.name label. */
export const namespaceStrategy: Strategy = {
  prepareCreate(obj) {
    obj.spec = { finalizers: ["kubernetes"] };
    obj.status = { phase: "Active" };
    if (obj.metadata.name) labelName(obj);
  },
  prepareUpdate(obj, old) {
    obj.spec = old.spec;
    if (!obj.status || (obj.status as Obj).phase === undefined) obj.status = old.status;
    labelName(obj);
  },
};

function isBase64(v: unknown): boolean {
  return typeof v === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0;
}

function toBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function foldStringData(obj: KubeObject): void {
  const sd = obj.stringData as Record<string, string> | undefined;
  if (!sd) return;
  const data = { ...(obj.data as Record<string, string> | undefined) };
  for (const [k, v] of Object.entries(sd)) data[k] = toBase64(String(v));
  obj.data = data;
  delete obj.stringData;
}

/** Secret: type defaults to Opaque; `stringData` is written into `data`; data must be base64. */
export const secretStrategy: Strategy = {
  prepareCreate(obj) {
    obj.type ??= "Opaque";
    foldStringData(obj);
  },
  prepareUpdate(obj, old) {
    obj.type ??= old.type;
    foldStringData(obj);
  },
  validate(obj, old) {
    const out: FieldError[] = [];
    for (const [k, v] of Object.entries((obj.data ?? {}) as Obj)) {
      if (!isBase64(v)) {
        out.push(invalidValue(`data[${k}]`, "<secret contents redacted>", "illegal base64 data"));
      }
    }
    if (old && old.type !== obj.type) {
      out.push(invalidValue("type", obj.type, "field is immutable"));
    }
    return out;
  },
};

const MICRO_FIELDS = ["acquireTime", "renewTime"];

/** Lease: MicroTime fields with six digits, `leaseDurationSeconds` > 0 (reference §10). */
export const leaseStrategy: Strategy = {
  prepareCreate(obj) {
    normalizeLease(obj);
  },
  prepareUpdate(obj) {
    normalizeLease(obj);
  },
  validate(obj) {
    const spec = (obj.spec ?? {}) as Obj;
    const out: FieldError[] = [];
    const d = spec.leaseDurationSeconds;
    if (d !== undefined && (typeof d !== "number" || d <= 0)) {
      out.push(invalidValue("spec.leaseDurationSeconds", d, "must be greater than 0"));
    }
    const t = spec.leaseTransitions;
    if (t !== undefined && (typeof t !== "number" || t < 0)) {
      out.push(invalidValue("spec.leaseTransitions", t, "must be greater than or equal to 0"));
    }
    if (spec.preferredHolder !== undefined && spec.strategy === undefined) {
      out.push(
        forbiddenField(
          "spec.preferredHolder",
          "preferredHolder is only allowed if strategy is set",
        ),
      );
    }
    for (const f of MICRO_FIELDS) {
      if (spec[f] !== undefined && Number.isNaN(parseTime(String(spec[f])))) {
        out.push(invalidValue(`spec.${f}`, spec[f], "must be an RFC 3339 time"));
      }
    }
    return out;
  },
};

function normalizeLease(obj: KubeObject): void {
  const spec = obj.spec as Obj | undefined;
  if (!spec) return;
  for (const f of MICRO_FIELDS) {
    if (typeof spec[f] === "string") spec[f] = normalizeMicroTime(spec[f] as string);
  }
}

/** EndpointSlice: `addressType` required and one of IPv4, IPv6, FQDN; immutable. */
export const endpointSliceStrategy: Strategy = {
  validate(obj, old) {
    const out: FieldError[] = [];
    const t = obj.addressType;
    if (t === undefined) out.push(required("addressType"));
    else if (!["IPv4", "IPv6", "FQDN"].includes(String(t))) {
      out.push(notSupported("addressType", t, ["FQDN", "IPv4", "IPv6"]));
    }
    if (old && old.addressType !== t) {
      out.push(invalidValue("addressType", t, "field is immutable"));
    }
    const eps = obj.endpoints;
    if (eps !== undefined && eps !== null && !Array.isArray(eps)) {
      out.push(invalidValue("endpoints", eps, "must be a list"));
    }
    if (Array.isArray(eps)) {
      eps.forEach((e: Obj, i: number) => {
        if (!Array.isArray(e.addresses) || e.addresses.length === 0) {
          out.push(required(`endpoints[${i}].addresses`, "must contain at least 1 address"));
        }
      });
    }
    return out;
  },
};
