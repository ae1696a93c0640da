/**
 * The golden cases of `translate()`: `testdata/translate/<case>.in.yaml`, strictly parsed, optionally
 * led by a `TranslateConfig` document (defaults: the flag defaults and `now` 2026-01-01T00:00:00Z).
 * Shared by the golden, idempotence and locality tests.
 *
 * @module
 */
import type { TranslateInput } from "./translate_types.ts";
import { DEFAULT_CONFIG, DEFAULT_NOW, inputOf, parseObjects } from "./translate_yaml.ts";
import type { KubeObject } from "./types/mod.ts";

/** Where the golden files are. */
export const GOLDEN_DIR: URL = new URL("./testdata/translate/", import.meta.url);

/** Every golden case name, sorted. */
export function goldenCases(): string[] {
  return [...Deno.readDirSync(GOLDEN_DIR)].map((e) => e.name).filter((n) => n.endsWith(".in.yaml"))
    .map((n) => n.slice(0, -".in.yaml".length)).sort();
}

/** Reads a golden input as a TranslateInput plus its objects. */
export function loadCase(name: string): { objects: KubeObject[]; input: TranslateInput } {
  const text = Deno.readTextFileSync(new URL(`${name}.in.yaml`, GOLDEN_DIR));
  const { objects, overrides } = parseObjects(text, { strict: true, source: `${name}.in.yaml` });
  const { now = DEFAULT_NOW, ...config } = overrides;
  return { objects, input: inputOf(objects, { ...DEFAULT_CONFIG, ...config }, new Date(now)) };
}
