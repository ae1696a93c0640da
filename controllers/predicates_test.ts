import assert from "node:assert/strict";
import { specOrMetadataChanged } from "./predicates.ts";

const base = {
  metadata: { name: "gw", uid: "1", generation: 1, resourceVersion: "5", labels: { a: "1" } },
};

Deno.test("a status-only write (new resourceVersion, same generation) is not a change worth reconciling", () => {
  const statusWrite = {
    ...base,
    metadata: { ...base.metadata, resourceVersion: "6" },
    status: { x: 1 },
  };
  assert.equal(specOrMetadataChanged(base, statusWrite), false);
});

Deno.test("spec, labels, annotations, finalizers and deletion are changes", () => {
  const m = base.metadata;
  for (
    const changed of [
      { ...m, generation: 2 },
      { ...m, labels: { a: "2" } },
      { ...m, annotations: { serviceBehaviour: "update" } },
      { ...m, finalizers: ["f"] },
      { ...m, deletionTimestamp: "2026-01-01T00:00:00Z" },
      { ...m, uid: "2" },
    ]
  ) assert.equal(specOrMetadataChanged(base, { metadata: changed }), true, JSON.stringify(changed));
});
