import assert from "node:assert/strict";
import { accessReviewSpec, selfSubjectAccessReview } from "./access_review.ts";

function ld(field: number, bytes: Uint8Array): Uint8Array {
  return new Uint8Array([(field << 3) | 2, bytes.length, ...bytes]);
}
const str = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

Deno.test("kubectl auth can-i: a protobuf SelfSubjectAccessReview is decoded to its resource attributes", () => {
  const attrs = cat(ld(1, str("default")), ld(2, str("delete")), ld(5, str("configmaps")));
  const review = ld(2, ld(1, attrs)); // SelfSubjectAccessReview.spec.resourceAttributes
  const unknown = cat(ld(1, ld(1, str("authorization.k8s.io/v1"))), ld(2, review));
  const body = cat(new Uint8Array([0x6b, 0x38, 0x73, 0x00]), unknown);
  const spec = accessReviewSpec(body, "application/vnd.kubernetes.protobuf");
  assert.deepEqual(spec, {
    resourceAttributes: { namespace: "default", verb: "delete", resource: "configmaps" },
  });
  const viewer = { name: "viewer", groups: [], readOnly: true };
  assert.deepEqual(
    (selfSubjectAccessReview(viewer, spec) as { status: { allowed: boolean } }).status.allowed,
    false,
  );
  const json = accessReviewSpec(
    str(JSON.stringify({ spec: { resourceAttributes: { verb: "list" } } })),
    "application/json",
  );
  assert.equal(
    (selfSubjectAccessReview(viewer, json) as { status: { allowed: boolean } }).status.allowed,
    true,
  );
});
