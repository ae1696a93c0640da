/**
 * `deno task demo`: the first Quick-start command. Runs what the product can do today, end to end,
 * through the real command line.
 *
 * @module
 */

async function l4gw(args: string[]): Promise<number> {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return code;
}

if (import.meta.main) {
  console.log("$ l4gw version");
  if (await l4gw(["version"]) !== 0) Deno.exit(1);
  console.log("\n$ l4gw --help");
  Deno.exit(await l4gw(["--help"]));
}
