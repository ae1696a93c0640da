/**
 * The `l4gw` command: parses the command line and runs the chosen sub-command. Wiring only; every
 * decision lives in `lib/` and `controllers/`.
 *
 * @module
 */
import { parseCommandLine, UsageError } from "./lib/cli.ts";
import { VERSION } from "./lib/version.ts";

// Sub-commands are imported when they run: the controller process never loads the embedded API
// server, certificate code or the YAML renderer, which the sandbox and translate need (memory).

/**
 * Runs the command line `argv` (without the program name) and returns the process exit code:
 * 0 success, 1 failure, 2 a usage error (unknown flag, bad value).
 */
export async function main(argv: readonly string[]): Promise<number> {
  let invocation;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`l4gw: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
  switch (invocation.command) {
    case "exit":
      return invocation.code;
    case "version":
      console.log(`l4gw ${VERSION}`);
      return 0;
    case "run": {
      const { runController } = await import("./controllers/run.ts");
      return await runController(invocation.options);
    }
    case "sandbox": {
      const options = invocation.options;
      const [{ runSandbox }, { runController }] = await Promise.all([
        import("./lib/apiserver/sandbox.ts"),
        import("./controllers/run.ts"),
      ]);
      return await runSandbox(options, {
        startController: async (kubeconfig, stop) => {
          const code = await runController({ ...options, kubeconfig, context: "" }, { stop });
          if (code !== 0) console.error(`l4gw sandbox: the controller exited with code ${code}`);
        },
      });
    }
    case "translate": {
      const { runTranslate } = await import("./lib/translate_command.ts");
      return await runTranslate(invocation.options);
    }
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
