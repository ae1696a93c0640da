import assert from "node:assert/strict";
import { buildRootfs, parseLdd } from "./rootfs.ts";

const canChroot = Deno.uid() === 0 && Deno.build.os === "linux" &&
  ["/usr/sbin/chroot", "/usr/bin/unshare"].every((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });

Deno.test("ldd output becomes the list of library paths, and a missing library stops the build", () => {
  const out =
    `\tlinux-vdso.so.1 (0x00007ffd)\n\tlibgcc_s.so.1 => /lib/x86_64-linux-gnu/libgcc_s.so.1 (0x1)\n` +
    `\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x2)\n\t/lib64/ld-linux-x86-64.so.2 (0x3)\n`;
  assert.deepEqual(parseLdd(out), [
    "/lib/x86_64-linux-gnu/libgcc_s.so.1",
    "/lib/x86_64-linux-gnu/libc.so.6",
    "/lib64/ld-linux-x86-64.so.2",
  ]);
  assert.throws(() => parseLdd("\tlibfoo.so.1 => not found\n"), /libfoo\.so\.1 is not found/);
});

Deno.test({
  name: canChroot
    ? "the image layout runs l4gw with only the listed libraries (chroot, Deno runtime as the executable)"
    : "the image layout runs l4gw with only the listed libraries (ignored: needs root, chroot and unshare on Linux)",
  ignore: !canChroot,
  async fn() {
    // deno compile cannot run here (no denort), so the image is laid out around the deno executable
    // itself, which links the same system libraries as denort, running the bundle.
    const work = await Deno.makeTempDir();
    try {
      const bundle = await new Deno.Command(Deno.execPath(), {
        args: ["bundle", "--quiet", "--platform", "deno", "--output", `${work}/l4gw.js`, "main.ts"],
      }).output();
      assert.equal(bundle.code, 0, new TextDecoder().decode(bundle.stderr));
      const root = `${work}/rootfs`;
      const files = await buildRootfs({
        binary: Deno.execPath(),
        out: root,
        extra: [[`${work}/l4gw.js`, "/l4gw.js"]],
      });
      assert.ok(files.some((f) => f.endsWith("libc.so.6")), files.join(" "));
      // A container runtime gives the process a /proc of its own; unshare does the same here.
      await Deno.mkdir(`${root}/proc`);
      const run = await new Deno.Command("unshare", {
        args: [
          "--mount",
          "--pid",
          "--fork",
          `--mount-proc=${root}/proc`,
          "/usr/sbin/chroot",
          "--userspec=65532:65532",
          root,
          "/l4gw",
          "run",
          "-A",
          "/l4gw.js",
          "version",
        ],
        env: { HOME: "/tmp", DENO_DIR: "/tmp/deno", DENO_NO_UPDATE_CHECK: "1" },
        clearEnv: true,
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.equal(run.code, 0, stderr);
      assert.match(new TextDecoder().decode(run.stdout), /^l4gw \d+\.\d+\.\d+/);
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
