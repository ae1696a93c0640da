/**
 * Where request credentials come from: a fixed token or basic auth, a token file re-read as it rotates
 * (in-cluster service account tokens expire hourly), or an exec credential plugin
 * (`client.authentication.k8s.io/v1`) whose answer is cached until its `expirationTimestamp`.
 *
 * Written by hand: the exec protocol and file re-reading are a few dozen lines, and the only npm
 * client that has them (`@kubernetes/client-node`) costs ~80 MB of resident memory (see transport.ts).
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";

/** Credentials for one request. */
export interface Credentials {
  /** Bearer token. */
  token?: string;
  /** HTTP basic auth (`username:password`), for old clusters. */
  basic?: { username: string; password: string };
  /** Client certificate and key (PEM), when the exec plugin supplies them. */
  certPem?: string;
  /** The key of {@link Credentials.certPem}. */
  keyPem?: string;
}

/** A source of credentials, asked before every request. */
export interface CredentialSource {
  /** The current credentials (cached when possible). */
  get(signal?: AbortSignal): Promise<Credentials>;
  /** Drops any cached credentials (after a 401), so the next `get` fetches fresh ones. */
  invalidate(): void;
}

/** Credentials that never change. */
export function staticCredentials(credentials: Credentials): CredentialSource {
  return { get: () => Promise.resolve(credentials), invalidate() {} };
}

/** Options for {@link tokenFileCredentials}. */
export interface TokenFileOptions {
  /** Re-read the file after this many ms (client-go re-reads every minute). @default 60_000 */
  refreshMs?: number;
  /** Time source. @default systemClock */
  clock?: Clock;
}

/**
 * A bearer token read from `path`, re-read every `refreshMs` and after a 401, so a rotated token is
 * picked up without a restart.
 *
 * @throws when the file cannot be read, naming the path.
 */
export function tokenFileCredentials(
  path: string,
  options: TokenFileOptions = {},
): CredentialSource {
  const { refreshMs = 60_000, clock = systemClock } = options;
  let cached: { token: string; at: number } | undefined;
  return {
    async get() {
      if (cached && clock.now() - cached.at < refreshMs) return { token: cached.token };
      let text: string;
      try {
        text = await Deno.readTextFile(path);
      } catch (error) {
        throw new Error(`Cannot read the bearer token file ${path}: ${(error as Error).message}`);
      }
      cached = { token: text.trim(), at: clock.now() };
      return { token: cached.token };
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** The `exec` stanza of a kubeconfig user. */
export interface ExecConfig {
  apiVersion?: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

/** Options for {@link execCredentials}. */
export interface ExecOptions {
  /** Cluster info passed as `spec.cluster` when `provideClusterInfo` is set. */
  cluster?: Record<string, unknown>;
  /** Time source for expiry. @default systemClock */
  clock?: Clock;
}

interface ExecStatus {
  token?: string;
  expirationTimestamp?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

/**
 * Runs an exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`) and caches its
 * answer until `status.expirationTimestamp` (for ever when absent, until a 401 invalidates it).
 * Concurrent callers share one run of the plugin.
 */
export function execCredentials(exec: ExecConfig, options: ExecOptions = {}): CredentialSource {
  const clock = options.clock ?? systemClock;
  const apiVersion = exec.apiVersion ?? "client.authentication.k8s.io/v1";
  let cached: { credentials: Credentials; expires: number } | undefined;
  let running: Promise<Credentials> | undefined;

  async function run(): Promise<Credentials> {
    const info = {
      apiVersion,
      kind: "ExecCredential",
      spec: {
        interactive: false,
        ...(exec.provideClusterInfo && options.cluster ? { cluster: options.cluster } : {}),
      },
    };
    const env: Record<string, string> = { KUBERNETES_EXEC_INFO: JSON.stringify(info) };
    for (const { name, value } of exec.env ?? []) env[name] = value;
    let output: Deno.CommandOutput;
    try {
      output = await new Deno.Command(exec.command, {
        args: exec.args ?? [],
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (error) {
      const hint = exec.installHint ? `\n${exec.installHint}` : "";
      throw new Error(
        `Cannot run the exec credential plugin "${exec.command}": ${
          (error as Error).message
        }${hint}`,
      );
    }
    const stderr = new TextDecoder().decode(output.stderr).trim();
    if (!output.success) {
      throw new Error(
        `The exec credential plugin "${exec.command}" exited with code ${output.code}: ${stderr}`,
      );
    }
    let status: ExecStatus | undefined;
    try {
      status = JSON.parse(new TextDecoder().decode(output.stdout))?.status;
    } catch (error) {
      throw new Error(
        `The exec credential plugin "${exec.command}" printed no ExecCredential JSON: ${
          (error as Error).message
        }`,
      );
    }
    if (!status || (!status.token && !status.clientCertificateData)) {
      throw new Error(
        `The exec credential plugin "${exec.command}" returned neither status.token nor a client certificate`,
      );
    }
    const credentials: Credentials = {
      ...(status.token ? { token: status.token } : {}),
      ...(status.clientCertificateData && status.clientKeyData
        ? { certPem: status.clientCertificateData, keyPem: status.clientKeyData }
        : {}),
    };
    const expires = status.expirationTimestamp
      ? Date.parse(status.expirationTimestamp)
      : Number.POSITIVE_INFINITY;
    cached = { credentials, expires };
    return credentials;
  }

  return {
    get() {
      if (cached && clock.now() < cached.expires) return Promise.resolve(cached.credentials);
      running ??= run().finally(() => running = undefined);
      return running;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
