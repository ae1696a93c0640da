import assert from "node:assert/strict";
import { summarise } from "./junit_summary.ts";

Deno.test("a JUnit report from deno test is counted as passed, failed and skipped test cases", () => {
  const xml = `<testsuites><testsuite name="./a_test.ts">
    <testcase name="ok one" classname="./a_test.ts" time="0.1"></testcase>
    <testcase name="ignored" classname="./a_test.ts"><skipped/></testcase>
    <testcase name="breaks &gt; step" classname="./a_test.ts"><failure message="x">Error: x</failure></testcase>
    <testcase name="crashed" classname="./b_test.ts"><error message="y"/></testcase>
    <testcase name="self closing" classname="./b_test.ts"/>
  </testsuite></testsuites>`;
  assert.deepEqual(summarise(xml), {
    passed: 2,
    failed: 2,
    skipped: 1,
    failures: ["./a_test.ts: breaks > step", "./b_test.ts: crashed"],
  });
});
