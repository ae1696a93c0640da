/**
 * `deno task bench [filter...]`: runs every `*_bench.ts` in the project, each in its own process (so
 * memory figures are its own), one after the other, and prints the figures they report.
 *
 * A bench file is a script: it does its work and prints human-readable figures, one per line, to
 * stdout. Benchmarks print; they never assert.
 *
 * @module
 */

const ROOTS = ["lib", "controllers", "tests", "scripts"];

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && entry.name !== "testdata") yield* walk(path);
    else if (entry.isFile && entry.name.endsWith("_bench.ts")) yield path;
  }
}

if (import.meta.main) {
  if (Deno.args.includes("--help")) {
    console.log(
      "usage: deno task bench [substring...]  (runs the *_bench.ts files whose path matches)",
    );
    Deno.exit(0);
  }
  const filters = Deno.args;
  const files: string[] = [];
  for (const root of ROOTS) {
    try {
      for await (const file of walk(root)) files.push(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const chosen = files.sort().filter((f) =>
    filters.length === 0 || filters.some((s) => f.includes(s))
  );
  if (chosen.length === 0) {
    console.log(`no benchmark matches ${filters.join(" ") || "(any)"}`);
    Deno.exit(1);
  }
  let failed = 0;
  for (const file of chosen) {
    console.log(`\n== ${file}`);
    const status = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file],
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    if (!status.success) {
      failed++;
      console.log(`!! ${file} exited with code ${status.code}`);
    }
  }
  Deno.exit(failed ? 1 : 0);
}
