/**
 * The command line: flags (with Go-style spellings and environment fallbacks) and sub-commands, parsed
 * into one {@link Invocation}. Parsing only: `main.ts` decides what to run.
 *
 * Built on commander, which cannot parse Go's single-dash long flags (`-kubeconfig x`): those are
 * rewritten to `--kubeconfig x` before commander sees them, for names that are real long flags only.
 *
 * @module
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { VERSION } from "./version.ts";

/** Where traffic goes for a route without a `serviceBehaviour` label (design §7). */
export const SERVICE_BEHAVIOURS = ["gateway", "create", "duplicate", "update"] as const;
/** A service behaviour name. */
export type ServiceBehaviour = typeof SERVICE_BEHAVIOURS[number];

/** Which annotations carry the address to the load-balancer announcer (design §4, §7). */
export const ANNOUNCERS = ["kube-vip", "metallb", "cilium", "generic"] as const;
/** An announcer profile name. */
export type Announcer = typeof ANNOUNCERS[number];

/** Log levels, least to most severe. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** A log level name. */
export type LogLevel = typeof LOG_LEVELS[number];

/** Settings that change what the controller decides (shared by the controller, sandbox and translate). */
export interface DecisionOptions {
  /** The `spec.controllerName` of the GatewayClasses we own. */
  gatewayClassName: string;
  /** Name of the IPAM ConfigMap (kube-vip-cloud-provider's). */
  ipamConfigmap: string;
  /** Namespace of the IPAM ConfigMap. */
  ipamConfigmapNamespace: string;
  /** `internal`: we allocate addresses; `external`: the announcer does (design §5). */
  ipam: "internal" | "external";
  /** Value of the `implementation` label on Services we make. */
  implementationLabel: string;
  /** Behaviour for routes without a `serviceBehaviour` label. */
  serviceBehaviour: ServiceBehaviour;
  /** Announcer profile: which annotations carry the address. */
  announcer: Announcer;
  /** `spec.loadBalancerClass` for Services we make; empty means none. */
  loadBalancerClass: string;
  /** Also write the deprecated `spec.loadBalancerIP`. */
  setLoadBalancerIp: boolean;
}

/** Logging settings. */
export interface LogOptions {
  /** Least severe level printed. */
  logLevel: LogLevel;
  /** `json` (one object per line) or `text`. */
  logFormat: "json" | "text";
}

/** Settings of a controller process talking to a cluster. */
export interface RuntimeOptions {
  /** Address of the Prometheus metrics endpoint; `0` turns it off. */
  metricsBindAddress: string;
  /** Address of `/healthz` and `/readyz`; `0` turns it off. */
  healthProbeBindAddress: string;
  /** Run leader election so only one replica writes. */
  leaderElect: boolean;
  /** Name of the leader election Lease. */
  leaderElectionId: string;
  /** Namespace of the Lease; empty means the pod's namespace, else `kube-system`. */
  leaderElectionNamespace: string;
  /** How long a lease is valid without renewal, ms. */
  leaderElectionLeaseDuration: number;
  /** How long the leader keeps trying to renew before it gives up leading, ms. */
  leaderElectionRenewDeadline: number;
  /** Time between acquire and renew attempts, ms. */
  leaderElectionRetryPeriod: number;
  /** Watch only this namespace; empty means all. */
  namespace: string;
  /** Reconcile workers per controller. */
  workers: number;
}

/** Settings of the `run` command (the controller against a cluster). */
export interface RunOptions extends DecisionOptions, LogOptions, RuntimeOptions {
  /** Kubeconfig path or `:`-separated list (as `$KUBECONFIG`); empty means the default rules. */
  kubeconfig: string;
  /** Kubeconfig context; empty means the current context. */
  context: string;
}

/** Settings of the `sandbox` command (embedded API server, optionally with the controller). */
export interface SandboxOptions extends DecisionOptions, LogOptions, RuntimeOptions {
  /** Port to listen on (loopback); 0 picks a free one. */
  port: number;
  /** Where to write the kubeconfig for the sandbox. */
  kubeconfigOut: string;
  /** Start the controller beside the API server. */
  controller: boolean;
  /** Serve HTTPS with generated certificates (the kubeconfig carries the CA and an admin cert). */
  tls: boolean;
  /** Gateway API CRD channel: `standard` or `experimental` (adds TCPRoute/UDPRoute v1alpha2). */
  bundle: "standard" | "experimental";
  /** Changes kept per resource for watch resume; older resourceVersions get 410. */
  watchHistory: number;
  /** Fault injection: close every watch after this many events (0: never). */
  faultWatchMaxEvents: number;
  /** Fault injection: close every watch after this many seconds (0: never). */
  faultWatchMaxSeconds: number;
  /** Fault injection: fraction (0–1) of writes answered 409 Conflict. */
  faultConflictRate: number;
  /** Fault injection: fraction (0–1) of writes answered 500 (with Retry-After). */
  faultErrorRate: number;
  /** Fault injection: milliseconds added to every answer. */
  faultLatencyMs: number;
  /** Fault injection: forget watch history every N seconds, so resuming watches get 410 (0: never). */
  faultCompactSeconds: number;
  /** Fault injection: restart the API server (dropping every connection) every N seconds (0: never). */
  faultRestartSeconds: number;
}

/** Settings of the `translate` command (offline dry run). */
export interface TranslateOptions extends DecisionOptions, LogOptions {
  /** Multi-document YAML input; `-` is stdin. */
  filename: string;
  /** Output format. */
  output: "yaml" | "json";
}

/** What the command line asks for. */
export type Invocation =
  | { command: "run"; options: RunOptions }
  | { command: "sandbox"; options: SandboxOptions }
  | { command: "translate"; options: TranslateOptions }
  | { command: "version" }
  | { command: "exit"; code: number };

/** A command-line mistake: the message names the flag or value, and the process should exit 2. */
export class UsageError extends Error {
  /** Exit code for usage errors, as Go's flag package uses. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const ENV_PREFIX = "L4GW_";

function envName(flag: string): string {
  return ENV_PREFIX + flag.toUpperCase().replaceAll("-", "_");
}

/**
 * Parses a boolean the way Go's `strconv.ParseBool` does (`1 t T TRUE true True 0 f F FALSE false False`).
 *
 * @throws {InvalidArgumentError} for anything else.
 */
export function parseBool(value: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new InvalidArgumentError(`"${value}" is not a boolean (use true or false).`);
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return n;
}

/**
 * Parses a Go duration (`15s`, `500ms`, `1m30s`, `2h`) into milliseconds; it must be positive.
 *
 * @throws {InvalidArgumentError} naming the value when it is not a positive duration.
 * @example
 * ```ts
 * parseDuration("1m30s"); // 90000
 * ```
 */
export function parseDuration(value: string): number {
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const total = parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0);
  if (parts.map((p) => p[0]).join("") !== value || !(total > 0)) {
    throw new InvalidArgumentError(`"${value}" is not a positive duration (e.g. 15s, 500ms, 1m).`);
  }
  return total;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer.`);
  }
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`);
  }
  return n;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError(`"${value}" is not a fraction between 0 and 1.`);
  }
  return n;
}

function stringOption(flag: string, description: string, fallback: string, env = envName(flag)) {
  return new Option(`--${flag} <value>`, description).default(fallback).env(env);
}

function choiceOption(
  flag: string,
  description: string,
  choices: readonly string[],
  fallback: string,
) {
  return new Option(`--${flag} <value>`, description).choices(choices).default(fallback).env(
    envName(flag),
  );
}

function boolOption(flag: string, description: string, fallback: boolean) {
  return new Option(`--${flag} [bool]`, description).argParser(parseBool).default(fallback).env(
    envName(flag),
  );
}

function durationOption(flag: string, description: string, fallback: string) {
  return new Option(`--${flag} <duration>`, description).argParser(parseDuration)
    .default(parseDuration(fallback), fallback).env(envName(flag));
}

function addDecisionOptions(cmd: Command): Command {
  return cmd
    .addOption(stringOption(
      "gateway-class-name",
      "controllerName of the GatewayClasses this controller owns",
      "kube-vip.io/controller",
    ))
    .addOption(stringOption("ipam-configmap", "name of the IPAM ConfigMap", "kubevip"))
    .addOption(
      stringOption("ipam-configmap-namespace", "namespace of the IPAM ConfigMap", "kube-system"),
    )
    .addOption(choiceOption(
      "ipam",
      "internal: allocate Gateway addresses from the pool; external: let the announcer allocate",
      ["internal", "external"],
      "internal",
    ))
    .addOption(stringOption(
      "implementation-label",
      "value of the implementation label on Services this controller makes",
      "kube-vip",
    ))
    .addOption(choiceOption(
      "service-behaviour",
      "service behaviour for routes without a serviceBehaviour label",
      SERVICE_BEHAVIOURS,
      "gateway",
    ))
    .addOption(choiceOption(
      "announcer",
      "announcer profile: which annotations carry the address",
      ANNOUNCERS,
      "kube-vip",
    ))
    .addOption(stringOption(
      "load-balancer-class",
      "spec.loadBalancerClass of Services this controller makes (empty: none)",
      "",
    ))
    .addOption(boolOption(
      "set-load-balancer-ip",
      "also write the deprecated spec.loadBalancerIP on Services",
      false,
    ));
}

function addLogOptions(cmd: Command): Command {
  return cmd
    .addOption(choiceOption("log-level", "least severe level logged", LOG_LEVELS, "info"))
    .addOption(choiceOption("log-format", "log line format", ["json", "text"], "text"));
}

function addRuntimeOptions(
  cmd: Command,
  addresses = { metrics: ":8080", probes: ":8081" },
): Command {
  return cmd
    .addOption(stringOption(
      "metrics-bind-address",
      "address of the Prometheus metrics endpoint (0 disables it)",
      addresses.metrics,
    ))
    .addOption(stringOption(
      "health-probe-bind-address",
      "address of /healthz and /readyz (0 disables it)",
      addresses.probes,
    ))
    .addOption(boolOption("leader-elect", "elect a leader so only one replica writes", false))
    .addOption(
      stringOption("leader-election-id", "name of the leader election Lease", "l4gw-leader"),
    )
    .addOption(stringOption(
      "leader-election-namespace",
      "namespace of the Lease (empty: the pod's namespace, else kube-system)",
      "",
    ))
    .addOption(
      durationOption(
        "leader-election-lease-duration",
        "how long a lease is valid without renewal",
        "15s",
      ),
    )
    .addOption(durationOption(
      "leader-election-renew-deadline",
      "how long the leader tries to renew before it stops leading",
      "10s",
    ))
    .addOption(
      durationOption("leader-election-retry-period", "time between leader election attempts", "2s"),
    )
    .addOption(stringOption("namespace", "watch only this namespace (empty: all)", ""))
    .addOption(
      new Option("--workers <n>", "reconcile workers per controller").argParser(parsePositiveInt)
        .default(2).env(envName("workers")),
    );
}

function buildProgram(found: (invocation: Invocation) => void): Command {
  const program = new Command("l4gw")
    .description(
      "Gateway API controller for layer-4 load balancing on bare-metal Kubernetes.\n" +
        "Flags accept -flag, --flag, --flag=value and --flag value; each also reads the environment " +
        "variable shown.",
    )
    .version(VERSION, "--version", "print the version and exit")
    .helpOption("-h, --help", "show this help")
    .showHelpAfterError(false)
    .allowExcessArguments(false)
    .enablePositionalOptions();
  program.addOption(
    new Option("--kubeconfig <path>", "kubeconfig file (or list, as $KUBECONFIG)").default("").env(
      "KUBECONFIG",
    ),
  );
  program.addOption(stringOption("context", "kubeconfig context (empty: current)", ""));
  addDecisionOptions(program);
  addRuntimeOptions(program);
  addLogOptions(program);
  program.action((opts: RunOptions) => found({ command: "run", options: opts }));

  const sandbox = program.command("sandbox")
    .description("run the embedded Kubernetes API server (and the controller) on loopback")
    .addOption(
      new Option("--port <n>", "port to listen on (0: any free port)").argParser(parsePort)
        .default(0).env(envName("sandbox-port")),
    )
    .addOption(
      new Option("--kubeconfig <path>", "where to write the sandbox's kubeconfig")
        .default("sandbox.kubeconfig").env(envName("sandbox-kubeconfig")),
    )
    .option("--no-controller", "run only the API server")
    .addOption(
      new Option("--tls [bool]", "serve HTTPS with generated certificates").argParser(parseBool)
        .default(false).env(envName("sandbox-tls")),
    )
    .addOption(
      new Option("--bundle <channel>", "Gateway API CRD channel").choices([
        "standard",
        "experimental",
      ]).default("standard").env(envName("sandbox-bundle")),
    )
    .addOption(
      new Option("--watch-history <n>", "changes kept per resource for watch resume")
        .argParser(parsePositiveInt).default(1000),
    )
    .addOption(
      new Option("--fault-watch-max-events <n>", "close every watch after N events (0: never)")
        .argParser(parseCount).default(0),
    )
    .addOption(
      new Option("--fault-watch-max-seconds <n>", "close every watch after N seconds (0: never)")
        .argParser(parseCount).default(0),
    )
    .addOption(
      new Option("--fault-conflict-rate <f>", "fraction of writes answered 409 Conflict")
        .argParser(parseRate).default(0),
    )
    .addOption(
      new Option("--fault-error-rate <f>", "fraction of writes answered 500 with Retry-After")
        .argParser(parseRate).default(0),
    )
    .addOption(
      new Option("--fault-latency-ms <n>", "milliseconds added to every answer")
        .argParser(parseCount).default(0),
    )
    .addOption(
      new Option("--fault-compact-seconds <n>", "forget watch history every N seconds (0: never)")
        .argParser(parseCount).default(0),
    )
    .addOption(
      new Option("--fault-restart-seconds <n>", "restart the API server every N seconds (0: never)")
        .argParser(parseCount).default(0),
    );
  addDecisionOptions(sandbox);
  // Any free loopback port: a sandbox on a laptop must not fail because 8080 is taken.
  addRuntimeOptions(sandbox, { metrics: "127.0.0.1:0", probes: "127.0.0.1:0" });
  addLogOptions(sandbox);
  // Options are positional (enablePositionalOptions): flags after `sandbox` are the sandbox's, so
  // its --kubeconfig (an output path) never mixes with the root's (an input path).
  sandbox.action((opts: Omit<SandboxOptions, "kubeconfigOut"> & { kubeconfig: string }) => {
    const { kubeconfig, ...rest } = opts;
    found({ command: "sandbox", options: { ...rest, kubeconfigOut: kubeconfig } });
  });

  const translate = program.command("translate")
    .description("print, without a cluster, the statuses and Services the controller would write")
    .requiredOption("-f, --filename <path>", "multi-document YAML of cluster objects (- for stdin)")
    .addOption(
      new Option("-o, --output <format>", "output format").choices(["yaml", "json"]).default(
        "yaml",
      ),
    );
  addDecisionOptions(translate);
  addLogOptions(translate);
  translate.action((opts: TranslateOptions) => found({ command: "translate", options: opts }));

  program.command("version").description("print the version").action(() =>
    found({ command: "version" })
  );

  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
  return program;
}

function longFlagNames(program: Command): Set<string> {
  const names = new Set<string>();
  for (const cmd of [program, ...program.commands]) {
    for (const opt of cmd.options) {
      if (opt.long) names.add(opt.long.replace(/^--(no-)?/, ""));
      if (opt.long?.startsWith("--no-")) names.add(opt.long.slice(2));
    }
  }
  names.add("help");
  names.add("version");
  return names;
}

/**
 * Rewrites Go-style single-dash long flags (`-kubeconfig`, `-leader-elect=false`) to `--` form, for
 * names that are real long flags. Everything else (short flags, values, `--`) is left as it is.
 *
 * @example
 * ```ts
 * normalizeGoFlags(["-kubeconfig", "x", "-f", "-"], new Set(["kubeconfig"]));
 * // ["--kubeconfig", "x", "-f", "-"]
 * ```
 */
export function normalizeGoFlags(
  argv: readonly string[],
  longNames: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    if (passthrough || arg === "--") {
      passthrough = true;
      out.push(arg);
      continue;
    }
    const m = /^-([a-z][a-z0-9-]+)(=.*)?$/.exec(arg);
    out.push(m && longNames.has(m[1]!) ? `-${arg}` : arg);
  }
  return out;
}

/**
 * Parses the command line (without the program name) into an {@link Invocation}. Help and `--version`
 * print to stdout and return `{command: "exit", code: 0}`. Environment variables named in `--help`
 * are read from `Deno.env` for flags not given on the command line.
 *
 * @throws {UsageError} for an unknown flag or sub-command, a missing value, or an invalid value; the
 * message names the offending flag or value.
 * @example
 * ```ts
 * const inv = parseCommandLine(["-kubeconfig", "/tmp/kc", "--leader-elect=false"]);
 * // inv.command === "run", inv.options.kubeconfig === "/tmp/kc"
 * ```
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  let invocation: Invocation | undefined;
  const program = buildProgram((inv) => invocation = inv);
  let errorText = "";
  for (const cmd of [program, ...program.commands]) {
    cmd.configureOutput({ writeErr: (s) => errorText += s });
  }
  try {
    program.parse(normalizeGoFlags(argv, longFlagNames(program)), { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) {
      return { command: "exit", code: 0 };
    }
    const text = (errorText || error.message).trim().replace(/^error: /, "");
    throw new UsageError(`${text}\nRun 'l4gw --help' for the list of flags.`);
  }
  if (!invocation) throw new UsageError("no command was given; run 'l4gw --help'");
  return invocation;
}
