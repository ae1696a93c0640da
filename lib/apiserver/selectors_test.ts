import assert from "node:assert/strict";
import {
  labelSelectorObject,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./selectors.ts";

Deno.test("LIST-3: equality, inequality, set and existence requirements combine with AND", () => {
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ["app=web", { app: "web" }, true],
    ["app==web", { app: "db" }, false],
    ["app!=web", {}, true],
    ["app!=web", { app: "web" }, false],
    ["tier in (a,b)", { tier: "b" }, true],
    ["tier in (a,b)", {}, false],
    ["tier notin (a,b)", {}, true],
    ["tier notin (a,b)", { tier: "a" }, false],
    ["app", { app: "" }, true],
    ["!app", { app: "x" }, false],
    ["!app", undefined, true],
    ["n>1", { n: "2" }, true],
    ["n<1", { n: "2" }, false],
    ["app=web,tier in (a, b),!old", { app: "web", tier: "a" }, true],
    ["app=web,tier in (a, b),!old", { app: "web", tier: "a", old: "1" }, false],
    ["", undefined, true],
  ];
  for (const [sel, labels, want] of cases) {
    assert.equal(parseLabelSelector(sel)(labels), want, `${sel} on ${JSON.stringify(labels)}`);
  }
});

Deno.test("LIST-3: a selector that does not parse is an error", () => {
  assert.throws(() => parseLabelSelector("a=b=c"), SelectorError);
  assert.throws(() => parseLabelSelector("-bad"), SelectorError);
  assert.throws(() => parseLabelSelector("n>x"), SelectorError);
});

Deno.test("LIST-4: field selectors support =, == and != only", () => {
  assert.deepEqual(parseFieldSelector("metadata.name==a,status.phase!=Active"), [
    { field: "metadata.name", op: "=", value: "a" },
    { field: "status.phase", op: "!=", value: "Active" },
  ]);
  assert.throws(() => parseFieldSelector("metadata.name in (a)"), SelectorError);
});

Deno.test("LabelSelector objects evaluate matchLabels and matchExpressions", () => {
  const match = labelSelectorObject({
    matchLabels: { a: "1" },
    matchExpressions: [{ key: "b", operator: "NotIn", values: ["x"] }],
  });
  assert.equal(match({ a: "1" }), true);
  assert.equal(match({ a: "1", b: "x" }), false);
});
