/**
 * Prints `N passed, N failed, N skipped` from a JUnit report written by `deno test --junit-path`.
 * Every `<testcase>` counts (test steps are test cases there too); `<failure>` or `<error>` is a
 * failure, `<skipped/>` an ignored test. Exits 1 when anything failed or the report is missing.
 *
 * usage: deno run --allow-read scripts/junit_summary.ts <junit.xml> [extra-failures]
 *
 * @module
 */

/** Counts of a JUnit report. */
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Names of the failed test cases. */
  failures: string[];
}

const unescape = (s: string) =>
  s.replaceAll("&quot;", '"').replaceAll("&apos;", "'").replaceAll("&lt;", "<").replaceAll(
    "&gt;",
    ">",
  )
    .replaceAll("&amp;", "&");

/**
 * Summarises a JUnit XML document.
 *
 * @example
 * ```ts
 * summarise('<testcase name="a"></testcase><testcase name="b"><skipped/></testcase>');
 * // { passed: 1, failed: 0, skipped: 1, failures: [] }
 * ```
 */
export function summarise(xml: string): Summary {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const testcase = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(testcase)) {
    const body = m[3] ?? "";
    const name = unescape(/\bname="([^"]*)"/.exec(m[1] ?? "")?.[1] ?? "?");
    const file = unescape(/\bclassname="([^"]*)"/.exec(m[1] ?? "")?.[1] ?? "");
    if (/<(failure|error)\b/.test(body)) {
      summary.failed++;
      summary.failures.push(`${file}: ${name}`);
    } else if (/<skipped\b/.test(body)) summary.skipped++;
    else summary.passed++;
  }
  return summary;
}

if (import.meta.main) {
  const [path, extra = "0"] = Deno.args;
  if (!path) {
    console.error("usage: junit_summary.ts <junit.xml> [extra-failures]");
    Deno.exit(2);
  }
  let xml: string;
  try {
    xml = await Deno.readTextFile(path);
  } catch (error) {
    console.error(
      `no test report at ${path} (${(error as Error).message}): the test run did not finish`,
    );
    console.log(`0 passed, ${1 + Number(extra)} failed`);
    Deno.exit(1);
  }
  const s = summarise(xml);
  for (const f of s.failures) console.log(`FAILED ${f}`);
  const failed = s.failed + Number(extra);
  console.log(`${s.passed} passed, ${failed} failed, ${s.skipped} skipped`);
  Deno.exit(failed > 0 || s.passed === 0 ? 1 : 0);
}
