/**
 * The `translate` command: an offline dry run of the controller's decisions. It reads a multi-document
 * YAML of cluster objects (a file, every `*.yaml`/`*.yml` of a directory, or `-` for stdin), runs
 * {@link translate} with the decision flags, and prints the objects with their new status, then the
 * Services and EndpointSlices the controller would write, then a `TranslateSummary`. Bad input gets an
 * error naming the document, and exit code 1.
 *
 * @module
 */
import type { TranslateOptions } from "./cli.ts";
import { translate } from "./translate.ts";
import { InputError, inputOf, parseObjects, renderResult } from "./translate_yaml.ts";

import { configFromOptions } from "./translate_config.ts";

export { configFromOptions };

async function readInput(path: string): Promise<{ text: string; source: string }> {
  if (path === "-") {
    return { text: await new Response(Deno.stdin.readable).text(), source: "stdin" };
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw new InputError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  if (!info.isDirectory) return { text: await Deno.readTextFile(path), source: path };
  const names: string[] = [];
  for await (const e of Deno.readDir(path)) {
    if (e.isFile && /\.ya?ml$/.test(e.name)) names.push(e.name);
  }
  if (names.length === 0) throw new InputError(`Cannot read ${path}: no *.yaml file in it`);
  const texts = await Promise.all(names.sort().map((n) => Deno.readTextFile(`${path}/${n}`)));
  return { text: texts.join("\n---\n"), source: `${path}/{${names.join(",")}}` };
}

/**
 * Reads objects, translates them, prints the result; returns the exit code (0, or 1 for bad input).
 *
 * @example
 * ```ts
 * await runTranslate({ ...options, filename: "objects.yaml", output: "yaml" });
 * ```
 */
export async function runTranslate(options: TranslateOptions): Promise<number> {
  try {
    const { text, source } = await readInput(options.filename);
    const { objects, overrides } = parseObjects(text, { strict: false, source });
    const { now, ...settings } = overrides;
    const config = { ...configFromOptions(options), ...settings };
    const result = translate(inputOf(objects, config, now ? new Date(now) : Date.now()));
    await writeAll(renderResult(objects, result, options.output));
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`l4gw translate: ${error.message}`);
    return 1;
  }
}

async function writeAll(text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += await Deno.stdout.write(bytes.subarray(written));
}
