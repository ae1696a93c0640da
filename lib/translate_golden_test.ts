/**
 * Golden tests of `translate()`: each `testdata/translate/<case>.in.yaml` is translated and printed,
 * and the text must equal `<case>.out.yaml`. `deno task test:update` rewrites the out files; reviewing
 * their diff is the check.
 *
 * @module
 */
import assert from "node:assert/strict";
import { translate } from "./translate.ts";
import { GOLDEN_DIR, goldenCases, loadCase } from "./translate_golden.ts";
import { renderResult } from "./translate_yaml.ts";

const UPDATE = Deno.env.get("L4GW_UPDATE_GOLDEN") === "1";

for (const name of goldenCases()) {
  Deno.test(`golden: ${name.replaceAll("-", " ")}`, () => {
    const { objects, input } = loadCase(name);
    const actual = renderResult(objects, translate(input), "yaml");
    const outUrl = new URL(`${name}.out.yaml`, GOLDEN_DIR);
    if (UPDATE) {
      Deno.writeTextFileSync(outUrl, actual);
      return;
    }
    let expected: string;
    try {
      expected = Deno.readTextFileSync(outUrl);
    } catch {
      throw new Error(`${name}.out.yaml is missing: run deno task test:update and review it`);
    }
    assert.equal(actual, expected);
  });
}
