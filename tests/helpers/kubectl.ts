/**
 * Finding a real kubectl 1.32 for tests (Google's dispatcher at /usr/bin/kubectl picks a version by
 * the server; the 1.32 binary itself is tried first). Tests that need it are ignored, with the reason
 * in their name, when none is installed.
 *
 * @module
 */

/** Where kubectl 1.32 is looked for, in order (a name alone is looked up on PATH). */
export const KUBECTL_CANDIDATES = ["/usr/lib/google-cloud-sdk/bin/kubectl.1.32", "kubectl"];

/** The path of a kubectl whose client version is 1.32, or undefined. */
export async function findKubectl(): Promise<string | undefined> {
  for (const bin of KUBECTL_CANDIDATES) {
    try {
      const out = await new Deno.Command(bin, {
        args: ["version", "--client", "-o", "json"],
        stdout: "piped",
        stderr: "null",
      }).output();
      const v = JSON.parse(new TextDecoder().decode(out.stdout)).clientVersion;
      if (out.success && v?.major === "1" && String(v.minor).startsWith("32")) return bin;
    } catch { /* not installed */ }
  }
  return undefined;
}
