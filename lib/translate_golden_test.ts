/**
 * Golden tests of `translate()`: each `testdata/translate/<case>.in.yaml` (strictly parsed, optionally
 * led by a `TranslateConfig` document; defaults: the flag defaults and `now` 2026-01-01T00:00:00Z) is
 * translated and printed, and the text must equal `<case>.out.yaml`. `deno task test:update` rewrites
 * the out files; reviewing their diff is the check.
 *
 * @module
 */
import assert from "node:assert/strict";
import { translate } from "./translate.ts";
import type { TranslateInput } from "./translate_types.ts";
import type { KubeObject } from "./types/mod.ts";
import {
  DEFAULT_CONFIG,
  DEFAULT_NOW,
  inputOf,
  parseObjects,
  renderResult,
} from "./translate_yaml.ts";

const DIR = new URL("./testdata/translate/", import.meta.url);
const UPDATE = Deno.env.get("L4GW_UPDATE_GOLDEN") === "1";

/** Every golden case name, sorted. */
export function goldenCases(): string[] {
  return [...Deno.readDirSync(DIR)].map((e) => e.name).filter((n) => n.endsWith(".in.yaml"))
    .map((n) => n.slice(0, -".in.yaml".length)).sort();
}

/** Reads a golden input as a TranslateInput plus its objects. */
export function loadCase(name: string): { objects: KubeObject[]; input: TranslateInput } {
  const text = Deno.readTextFileSync(new URL(`${name}.in.yaml`, DIR));
  const { objects, overrides } = parseObjects(text, { strict: true, source: `${name}.in.yaml` });
  const { now = DEFAULT_NOW, ...config } = overrides;
  return { objects, input: inputOf(objects, { ...DEFAULT_CONFIG, ...config }, new Date(now)) };
}

for (const name of goldenCases()) {
  Deno.test(`golden: ${name.replaceAll("-", " ")}`, () => {
    const { objects, input } = loadCase(name);
    const actual = renderResult(objects, translate(input), "yaml");
    const outUrl = new URL(`${name}.out.yaml`, DIR);
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
