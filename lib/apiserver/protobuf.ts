/**
 * Kubernetes protobuf request bodies, decoded to the JSON form the rest of the server works with.
 * kubectl's imperative commands (`kubectl create namespace|configmap|secret|service`) use typed
 * clients that send `application/vnd.kubernetes.protobuf`: the `k8s\0` magic, then a
 * `runtime.Unknown` whose `raw` field is the object. Answers stay JSON (clients decode by the
 * response's Content-Type).
 *
 * The field numbers are those of `k8s.io/api/core/v1` and `k8s.io/apimachinery` `generated.proto`
 * for the kinds kubectl creates imperatively; fields marked (observed) were checked against the
 * bytes kubectl 1.32 sends. Written by hand: the npm protobuf libraries need the .proto sources, which
 * are not reachable here, and four kinds need only this table.
 *
 * @module
 */
import { badRequest, failure } from "./errors.ts";

type Kind =
  | "string"
  | "bytes"
  | "int"
  | "bool"
  | "msg"
  | "map"
  | "mapBytes"
  | "intOrString"
  | "time";

interface Field {
  name: string;
  kind: Kind;
  /** A Go pointer field: present-and-false is kept (plain bools omit false, as JSON does). */
  pointer?: boolean;
  repeated?: boolean;
  msg?: Message;
}

type Message = Record<number, Field>;

const s = (name: string): Field => ({ name, kind: "string" });
const strings = (name: string): Field => ({ name, kind: "string", repeated: true });
const int = (name: string): Field => ({ name, kind: "int" });
const bool = (name: string, pointer = false): Field => ({ name, kind: "bool", pointer });
const msg = (name: string, m: Message, repeated = false): Field => ({
  name,
  kind: "msg",
  msg: m,
  repeated,
});

const ownerReference: Message = {
  1: s("kind"),
  3: s("name"),
  4: s("uid"),
  5: s("apiVersion"),
  6: bool("controller", true),
  7: bool("blockOwnerDeletion", true),
};

/** ObjectMeta: name 1 … creationTimestamp 8 and labels 11 (observed). */
const objectMeta: Message = {
  1: s("name"),
  2: s("generateName"),
  3: s("namespace"),
  5: s("uid"),
  6: s("resourceVersion"),
  7: int("generation"),
  8: { name: "creationTimestamp", kind: "time" },
  11: { name: "labels", kind: "map" },
  12: { name: "annotations", kind: "map" },
  13: msg("ownerReferences", ownerReference, true),
  14: strings("finalizers"),
};

/** ServicePort (observed: name, protocol, port, targetPort, nodePort). */
const servicePort: Message = {
  1: s("name"),
  2: s("protocol"),
  3: int("port"),
  4: { name: "targetPort", kind: "intOrString" },
  5: int("nodePort"),
  6: s("appProtocol"),
};

/** ServiceSpec (observed: 1–4, 7, 8, 10–13). */
const serviceSpec: Message = {
  1: msg("ports", servicePort, true),
  2: { name: "selector", kind: "map" },
  3: s("clusterIP"),
  4: s("type"),
  5: strings("externalIPs"),
  7: s("sessionAffinity"),
  8: s("loadBalancerIP"),
  9: strings("loadBalancerSourceRanges"),
  10: s("externalName"),
  11: s("externalTrafficPolicy"),
  12: int("healthCheckNodePort"),
  13: bool("publishNotReadyAddresses"),
  17: s("ipFamilyPolicy"),
  18: strings("clusterIPs"),
  19: strings("ipFamilies"),
  20: bool("allocateLoadBalancerNodePorts", true),
  21: s("loadBalancerClass"),
  22: s("internalTrafficPolicy"),
};

/** Top-level fields per kind (observed for all four). */
const KINDS: Record<string, Message> = {
  ConfigMap: {
    1: msg("metadata", objectMeta),
    2: { name: "data", kind: "map" },
    3: { name: "binaryData", kind: "mapBytes" },
    4: bool("immutable", true),
  },
  Secret: {
    1: msg("metadata", objectMeta),
    2: { name: "data", kind: "mapBytes" },
    3: s("type"),
    4: { name: "stringData", kind: "map" },
    5: bool("immutable", true),
  },
  Namespace: {
    1: msg("metadata", objectMeta),
    2: msg("spec", { 1: strings("finalizers") }),
  },
  Service: {
    1: msg("metadata", objectMeta),
    2: msg("spec", serviceSpec),
  },
};

interface Raw {
  field: number;
  wire: number;
  value: number | Uint8Array;
}

function* read(buf: Uint8Array): Generator<Raw> {
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error("truncated varint");
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error("truncated field");
      yield { field, wire, value: buf.subarray(i, i + len) };
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const utf8 = new TextDecoder();

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function toInt(v: number): number {
  // int32 values are varints of their 64-bit two's complement
  return v >= 2 ** 63 ? v - 2 ** 64 : v;
}

function decodeMessage(buf: Uint8Array, m: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { field, value } of read(buf)) {
    const f = m[field];
    if (!f) continue;
    const bytes = value instanceof Uint8Array ? value : new Uint8Array();
    let v: unknown;
    switch (f.kind) {
      case "string":
        v = utf8.decode(bytes);
        if (v === "" && !f.repeated) continue;
        break;
      case "bytes":
        v = base64(bytes);
        break;
      case "int":
        v = toInt(value as number);
        if (v === 0) continue;
        break;
      case "bool":
        v = value !== 0;
        if (!v && !f.pointer) continue;
        break;
      case "intOrString": {
        const io = decodeMessage(bytes, { 1: int("type"), 2: int("intVal"), 3: s("strVal") });
        v = io.type === 1 ? io.strVal ?? "" : io.intVal ?? 0;
        if (v === 0) continue;
        break;
      }
      case "time": {
        const t = decodeMessage(bytes, { 1: int("seconds") });
        if (!t.seconds) continue;
        v = new Date((t.seconds as number) * 1000).toISOString().replace(".000Z", "Z");
        break;
      }
      case "map":
      case "mapBytes": {
        const e = decodeMessage(bytes, {
          1: s("key"),
          2: f.kind === "map" ? s("value") : { name: "value", kind: "bytes" },
        });
        const map = (out[f.name] ??= {}) as Record<string, unknown>;
        map[String(e.key ?? "")] = e.value ?? "";
        continue;
      }
      case "msg":
        v = decodeMessage(bytes, f.msg!);
        if (!f.repeated && Object.keys(v as object).length === 0) continue;
        break;
    }
    if (f.repeated) ((out[f.name] ??= []) as unknown[]).push(v);
    else out[f.name] = v;
  }
  return out;
}

/** True when a Content-Type is Kubernetes protobuf. */
export function isProtobuf(contentType: string): boolean {
  return contentType.split(";")[0]!.trim().toLowerCase() === "application/vnd.kubernetes.protobuf";
}

/**
 * Decodes a Kubernetes protobuf object body into its JSON form.
 *
 * @throws {ApiError} 400 for a malformed body; 415 for a kind this server cannot decode.
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  if (body[0] !== 0x6b || body[1] !== 0x38 || body[2] !== 0x73 || body[3] !== 0) {
    throw badRequest("protobuf body does not start with the Kubernetes magic number");
  }
  let typeMeta: Record<string, unknown>;
  let raw: Uint8Array | undefined;
  try {
    const unknown = decodeMessage(body.subarray(4), {
      1: msg("typeMeta", { 1: s("apiVersion"), 2: s("kind") }),
      2: { name: "raw", kind: "bytes" },
    });
    typeMeta = (unknown.typeMeta ?? {}) as Record<string, unknown>;
    for (const r of read(body.subarray(4))) if (r.field === 2) raw = r.value as Uint8Array;
  } catch (e) {
    throw badRequest(`cannot decode the protobuf body: ${(e as Error).message}`);
  }
  const kind = String(typeMeta.kind ?? "");
  const m = KINDS[kind];
  if (!m) {
    throw failure(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - protobuf is accepted for ${
        Object.keys(KINDS).join(", ")
      } only; send application/json`,
    );
  }
  try {
    const obj = decodeMessage(raw ?? new Uint8Array(), m);
    return { apiVersion: typeMeta.apiVersion, kind, ...obj, metadata: obj.metadata ?? {} };
  } catch (e) {
    throw badRequest(`cannot decode the protobuf ${kind}: ${(e as Error).message}`);
  }
}
