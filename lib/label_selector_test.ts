import assert from "node:assert/strict";
import { selectorMatches } from "./label_selector.ts";

Deno.test("an empty selector matches every namespace", () => {
  assert.equal(selectorMatches({}, {}), true);
});

Deno.test("matchLabels needs every pair", () => {
  assert.equal(selectorMatches({ matchLabels: { a: "1", b: "2" } }, { a: "1" }), false);
  assert.equal(selectorMatches({ matchLabels: { a: "1" } }, { a: "1", b: "2" }), true);
});

Deno.test("matchExpressions support In, NotIn, Exists and DoesNotExist", () => {
  const labels = { env: "prod", team: "a" };
  const m = (
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist",
    key: string,
    values?: string[],
  ) =>
    selectorMatches(
      { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] },
      labels,
    );
  assert.equal(m("In", "env", ["prod", "dev"]), true);
  assert.equal(m("In", "env", ["dev"]), false);
  assert.equal(m("In", "missing", ["x"]), false);
  assert.equal(m("NotIn", "env", ["prod"]), false);
  assert.equal(m("NotIn", "missing", ["prod"]), true);
  assert.equal(m("Exists", "team"), true);
  assert.equal(m("DoesNotExist", "team"), false);
});
