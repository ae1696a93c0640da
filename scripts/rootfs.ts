/**
 * Lays out the root filesystem of the `scratch` image: the executable at `/l4gw`, exactly the shared
 * libraries `ldd` says it loads (at the same paths, so the dynamic loader finds them), and an empty
 * world-writable `/tmp`. The Dockerfile runs this in its build stage; the tests run the same layout
 * under `chroot`, which proves the library list is complete.
 *
 * usage: deno run -A scripts/rootfs.ts --binary dist/l4gw-linux-amd64 --out rootfs [--extra src:dest]…
 *
 * @module
 */
import { parseArgs } from "node:util";

/**
 * Parses `ldd` output into the absolute paths of the libraries it resolved (the vDSO has no file and
 * is skipped).
 *
 * @throws {Error} when ldd reports a library as "not found": the image would not start.
 * @example
 * ```ts
 * parseLdd("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f)\n\t/lib64/ld-linux-x86-64.so.2 (0x7f)");
 * // ["/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"]
 * ```
 */
export function parseLdd(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (/=>\s*not found/.test(line)) {
      throw new Error(`Cannot build the image: shared library ${line.split(" ")[0]} is not found`);
    }
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) paths.push(m[1]);
  }
  return paths;
}

async function copyInto(root: string, source: string, dest: string): Promise<void> {
  const target = `${root}${dest}`;
  await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
  await Deno.copyFile(await Deno.realPath(source), target);
  await Deno.chmod(target, (await Deno.stat(source)).mode! & 0o777);
}

/**
 * Builds the image root filesystem in `out` and returns the files it holds (image paths).
 *
 * @param options.binary the executable to ship as `/l4gw`
 * @param options.out an empty or absent directory
 * @param options.extra more files as `[source, imagePath]` pairs
 */
export async function buildRootfs(
  options: { binary: string; out: string; extra?: [string, string][] },
): Promise<string[]> {
  const { stdout, success, stderr } = await new Deno.Command("ldd", { args: [options.binary] })
    .output();
  if (!success) {
    throw new Error(
      `Cannot list the libraries of ${options.binary}: ${new TextDecoder().decode(stderr)}`,
    );
  }
  const libs = parseLdd(new TextDecoder().decode(stdout));
  const files: [string, string][] = [
    [options.binary, "/l4gw"],
    ...libs.map((l): [string, string] => [l, l]),
  ];
  for (const [source, dest] of [...files, ...(options.extra ?? [])]) {
    await copyInto(options.out, source, dest);
  }
  await Deno.mkdir(`${options.out}/tmp`, { recursive: true });
  await Deno.chmod(`${options.out}/tmp`, 0o1777);
  return [...files, ...(options.extra ?? [])].map(([, dest]) => dest);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      binary: { type: "string" },
      out: { type: "string" },
      extra: { type: "string", multiple: true },
    },
  });
  if (!values.binary || !values.out) {
    console.error(
      "usage: rootfs.ts --binary <executable> --out <dir> [--extra <src>:<image path>]…",
    );
    Deno.exit(2);
  }
  const extra = (values.extra ?? []).map((e): [string, string] => {
    const [src, dest] = e.split(":");
    return [src!, dest!];
  });
  for (const file of await buildRootfs({ binary: values.binary, out: values.out, extra })) {
    console.log(file);
  }
}
