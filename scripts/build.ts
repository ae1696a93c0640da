/**
 * `deno task build`: the release artefacts.
 *
 * 1. `dist/l4gw.js`: one JavaScript file (`deno bundle`), runnable with `deno run`.
 * 2. `dist/l4gw-linux-amd64` and `dist/l4gw-linux-arm64`: single executables (`deno compile`).
 *
 * `deno compile` embeds a `denort` runtime that it downloads from dl.deno.land unless `DENORT_BIN`
 * names one on disk. Where that host cannot be reached, set `DENORT_BIN` (one target) or
 * `DENORT_BIN_AMD64` / `DENORT_BIN_ARM64` (both): the runtime comes from the `denort-<target>.zip` of
 * the same Deno version (2.9.6) on the Deno release page. Without any of them this script explains
 * that in one line and exits 1 after the bundle.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** The executables we publish, by Rust target triple. */
export const TARGETS = {
  "x86_64-unknown-linux-gnu": { arch: "amd64", env: "DENORT_BIN_AMD64" },
  "aarch64-unknown-linux-gnu": { arch: "arm64", env: "DENORT_BIN_ARM64" },
} as const;

/** A target triple we publish. */
export type Target = keyof typeof TARGETS;

/**
 * V8 settings baked into the executable: `--optimize-for-size` trades ~20% of burst throughput for
 * about 40% less resident memory (`deno task bench controller` measures both).
 */
export const V8_FLAGS = "--v8-flags=--optimize-for-size";

/** The permissions the controller needs, granted at compile time (no prompts in a container). */
export const PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
];

const HOST_TARGET: Target = Deno.build.arch === "aarch64"
  ? "aarch64-unknown-linux-gnu"
  : "x86_64-unknown-linux-gnu";

/**
 * Chooses the denort runtime for a target: `DENORT_BIN_<ARCH>` first, then `DENORT_BIN` when the
 * target is the only one being built. Returns undefined when none is set.
 */
export function runtimeFor(
  target: Target,
  env: Record<string, string | undefined>,
  single: boolean,
): string | undefined {
  return env[TARGETS[target].env] || (single ? env.DENORT_BIN : undefined) || undefined;
}

async function run(args: string[], env: Record<string, string> = {}): Promise<void> {
  const { success, code } = await new Deno.Command(Deno.execPath(), {
    args,
    env,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  if (!success) throw new Error(`deno ${args[0]} failed with exit code ${code}`);
}

/** deno compile leaves `<output>.tmp-<hex>` behind when it fails. */
async function removeLeftovers(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (/\.tmp-[0-9a-f]+$/.test(entry.name)) await Deno.remove(`${dir}/${entry.name}`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", default: "all" },
      "bundle-only": { type: "boolean", default: false },
      out: { type: "string", default: "dist" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: deno task build [--target all|host|<triple>] [--bundle-only] [--out dist]\n" +
        `targets: ${Object.keys(TARGETS).join(", ")}\n` +
        "compile needs DENORT_BIN (one target) or DENORT_BIN_AMD64 / DENORT_BIN_ARM64",
    );
    return 0;
  }
  const out = values.out;
  await Deno.mkdir(out, { recursive: true });
  await run(["bundle", "--quiet", "--platform", "deno", "--output", `${out}/l4gw.js`, "main.ts"]);
  console.log(
    `built ${out}/l4gw.js (run it with: deno run ${PERMISSIONS.join(" ")} ${out}/l4gw.js)`,
  );
  if (values["bundle-only"]) return 0;

  const targets: Target[] = values.target === "all"
    ? Object.keys(TARGETS) as Target[]
    : values.target === "host"
    ? [HOST_TARGET]
    : [values.target as Target];
  for (const target of targets) {
    if (!(target in TARGETS)) {
      console.error(
        `build: unknown target "${target}"; use one of ${Object.keys(TARGETS).join(", ")}`,
      );
      return 2;
    }
  }
  const env = Deno.env.toObject();
  const missing = targets.filter((t) => !runtimeFor(t, env, targets.length === 1));
  if (missing.length > 0) {
    const names = targets.length === 1
      ? "DENORT_BIN"
      : missing.map((t) => TARGETS[t].env).join(" and ");
    console.error(
      `build: cannot compile ${
        missing.join(", ")
      }: deno compile downloads its denort runtime from ` +
        `dl.deno.land, which is unreachable here; set ${names} to denort 2.9.6 for that target ` +
        `(from denort-<target>.zip on the Deno release page) and run again.`,
    );
    return 1;
  }
  for (const target of targets) {
    const output = `${out}/l4gw-linux-${TARGETS[target].arch}`;
    try {
      await run(
        [
          "compile",
          "--quiet",
          ...PERMISSIONS,
          V8_FLAGS,
          "--target",
          target,
          "--output",
          output,
          "main.ts",
        ],
        { DENORT_BIN: runtimeFor(target, env, targets.length === 1)! },
      );
    } finally {
      await removeLeftovers(out);
    }
    console.log(`built ${output}`);
  }
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (error) {
    console.error(`build: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
