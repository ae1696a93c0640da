/**
 * `SelfSubjectAccessReview` (what `kubectl auth can-i` asks) and `SelfSubjectReview` (`kubectl auth
 * whoami`), answered by the admin/read-only authorizer of `auth.ts`. kubectl's typed clients send
 * these bodies as Kubernetes protobuf (`k8s\0` + `runtime.Unknown`), so the few fields needed (the
 * resource attributes) are read with a minimal protobuf wire decoder written here: no npm package
 * decodes Kubernetes' envelope, and a general protobuf library would need the .proto files.
 *
 * @module
 */
import { badRequest } from "./errors.ts";
import type { UserInfo } from "./auth.ts";

type Fields = Map<number, Uint8Array[]>;

/** Splits a protobuf message into its length-delimited fields (varints are skipped). */
function fields(buf: Uint8Array): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error("truncated varint");
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) varint();
    else if (wire === 2) {
      const len = varint();
      out.set(field, [...(out.get(field) ?? []), buf.subarray(i, i + len)]);
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** The `spec` of a SelfSubjectAccessReview body, JSON or protobuf. */
export function accessReviewSpec(body: Uint8Array, contentType: string): Record<string, unknown> {
  try {
    if (!contentType.includes("protobuf")) {
      return (JSON.parse(new TextDecoder().decode(body)) as { spec?: Record<string, unknown> })
        .spec ?? {};
    }
    const raw = fields(body.subarray(4)).get(2)?.[0] ?? new Uint8Array(); // runtime.Unknown.raw
    const spec = fields(fields(raw).get(2)?.[0] ?? new Uint8Array());
    const res = spec.get(1)?.[0];
    if (res) {
      const r = fields(res);
      const attrs: Record<string, string> = {};
      const names = [
        "",
        "namespace",
        "verb",
        "group",
        "version",
        "resource",
        "subresource",
        "name",
      ];
      for (let f = 1; f < names.length; f++) {
        const v = text(r.get(f)?.[0]);
        if (v !== undefined) attrs[names[f]!] = v;
      }
      return { resourceAttributes: attrs };
    }
    const non = spec.get(2)?.[0];
    if (non) {
      const n = fields(non);
      return {
        nonResourceAttributes: { path: text(n.get(1)?.[0]) ?? "", verb: text(n.get(2)?.[0]) ?? "" },
      };
    }
    return {};
  } catch (e) {
    throw badRequest(`cannot decode SelfSubjectAccessReview: ${(e as Error).message}`);
  }
}

/** The answer to a SelfSubjectAccessReview. */
export function selfSubjectAccessReview(user: UserInfo, spec: Record<string, unknown>): unknown {
  const attrs = (spec.resourceAttributes ?? spec.nonResourceAttributes ?? {}) as { verb?: string };
  const allowed = !user.readOnly || ["get", "list", "watch"].includes(attrs.verb ?? "");
  return {
    kind: "SelfSubjectAccessReview",
    apiVersion: "authorization.k8s.io/v1",
    metadata: { creationTimestamp: null },
    spec,
    status: allowed
      ? { allowed: true, reason: user.readOnly ? "read-only users may read" : "admin" }
      : { allowed: false, reason: `user "${user.name}" is read-only` },
  };
}

/** The answer to a SelfSubjectReview (`kubectl auth whoami`). */
export function selfSubjectReview(user: UserInfo): unknown {
  return {
    kind: "SelfSubjectReview",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: user.name, groups: user.groups } },
  };
}
