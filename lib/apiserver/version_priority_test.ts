import assert from "node:assert/strict";
import { compareVersions } from "./version_priority.ts";

Deno.test("DISC-4: CRD versions sort kube-aware, GA before beta before alpha", () => {
  assert.deepEqual(
    ["v1alpha2", "v1", "v1beta1", "v2", "foo", "v1beta2"].sort(compareVersions),
    ["v2", "v1", "v1beta2", "v1beta1", "v1alpha2", "foo"],
  );
});
