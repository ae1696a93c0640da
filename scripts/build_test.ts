import assert from "node:assert/strict";
import { PERMISSIONS, runtimeFor } from "./build.ts";

async function build(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([k]) => !k.startsWith("DENORT_BIN")),
  );
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/build.ts", ...args],
    env: { ...clean, ...env },
    clearEnv: true,
  }).output();
}

Deno.test("the bundle is one JavaScript file that runs the real command line", async () => {
  const out = await Deno.makeTempDir();
  try {
    const built = await build(["--bundle-only", "--out", out]);
    assert.equal(built.code, 0, new TextDecoder().decode(built.stderr));
    const help = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMISSIONS, `${out}/l4gw.js`, "--help"],
    }).output();
    assert.equal(help.code, 0);
    const text = new TextDecoder().decode(help.stdout);
    assert.match(text, /--gateway-class-name/);
    assert.match(text, /sandbox/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("without DENORT_BIN the compile step fails fast with one line saying why and how to fix it", async () => {
  const out = await Deno.makeTempDir();
  try {
    const built = await build(["--target", "host", "--out", out]);
    assert.equal(built.code, 1);
    const lines = new TextDecoder().decode(built.stderr).trim().split("\n");
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0]!, /cannot compile .*dl\.deno\.land.*set DENORT_BIN/);
    const left = [...Deno.readDirSync(out)].map((e) => e.name);
    assert.deepEqual(left, ["l4gw.js"], "only the bundle is written");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("each target takes its own runtime variable; DENORT_BIN serves a single-target build", () => {
  const env = { DENORT_BIN: "/r/any", DENORT_BIN_ARM64: "/r/arm" };
  assert.equal(runtimeFor("aarch64-unknown-linux-gnu", env, false), "/r/arm");
  assert.equal(runtimeFor("x86_64-unknown-linux-gnu", env, false), undefined);
  assert.equal(runtimeFor("x86_64-unknown-linux-gnu", env, true), "/r/any");
});
