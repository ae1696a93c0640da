/**
 * Kubeconfig files: parsing, merging a `$KUBECONFIG` list the way kubectl does, and resolving one
 * context into a {@link ClusterConfig} (server, TLS material, credentials, namespace).
 *
 * kubectl's merge rules (client-go `clientcmd/loader.go`): files are read in order, missing files in
 * the list are skipped, the first file to define a cluster, user or context name wins, the first
 * `current-context` wins, and relative paths are resolved against the file that holds them.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import {
  type CredentialSource,
  type ExecConfig,
  execCredentials,
  staticCredentials,
  tokenFileCredentials,
} from "./credentials.ts";

/** Everything needed to talk to one API server. */
export interface ClusterConfig {
  /** Server URL, e.g. `https://10.0.0.1:6443` or `http://127.0.0.1:8080`. */
  server: string;
  /** CA bundle (PEM) trusted for the server. */
  caPem?: string;
  /** Client certificate (PEM). */
  certPem?: string;
  /** Client key (PEM: PKCS#1 RSA, SEC1 EC or PKCS#8). */
  keyPem?: string;
  /** Skip server certificate verification (`insecure-skip-tls-verify`). */
  insecureSkipTlsVerify?: boolean;
  /** Name to verify the server certificate against (`tls-server-name`). */
  tlsServerName?: string;
  /** Bearer token, basic auth or exec plugin. */
  credentials: CredentialSource;
  /** Default namespace (the context's, else `default`). */
  namespace: string;
  /** Where this came from, for logs: `kubeconfig context "x"` or `in-cluster`. */
  source: string;
}

interface NamedEntry<T> {
  name: string;
  value: T;
  file: string;
}

interface KubeconfigCluster {
  server?: string;
  "certificate-authority"?: string;
  "certificate-authority-data"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "tls-server-name"?: string;
  "proxy-url"?: string;
}

interface KubeconfigUser {
  "client-certificate"?: string;
  "client-certificate-data"?: string;
  "client-key"?: string;
  "client-key-data"?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  "auth-provider"?: { name?: string };
}

interface KubeconfigContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}

/** Kubeconfig files merged by kubectl's rules. */
export interface MergedKubeconfig {
  /** Files actually read, in order. */
  files: string[];
  currentContext?: string;
  clusters: Map<string, NamedEntry<KubeconfigCluster>>;
  users: Map<string, NamedEntry<KubeconfigUser>>;
  contexts: Map<string, NamedEntry<KubeconfigContext>>;
}

function dirOf(file: string): string {
  const i = file.lastIndexOf("/");
  return i <= 0 ? (i === 0 ? "/" : ".") : file.slice(0, i);
}

function resolvePath(path: string, file: string): string {
  return path.startsWith("/") ? path : `${dirOf(file)}/${path}`;
}

function addAll<T>(
  target: Map<string, NamedEntry<T>>,
  list: unknown,
  field: string,
  file: string,
): void {
  if (list == null) return;
  if (!Array.isArray(list)) {
    throw new Error(`Cannot read kubeconfig ${file}: ${field}s is not a list`);
  }
  for (const item of list) {
    const name = item?.name;
    if (typeof name !== "string") continue;
    if (!target.has(name)) target.set(name, { name, value: (item[field] ?? {}) as T, file });
  }
}

/**
 * Reads and merges kubeconfig files. Files that do not exist are skipped unless `required`.
 *
 * @throws when a file is not valid YAML, or a required file is missing, naming the file.
 */
export async function readKubeconfigs(
  paths: readonly string[],
  options: { required?: boolean } = {},
): Promise<MergedKubeconfig> {
  const merged: MergedKubeconfig = {
    files: [],
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
  };
  for (const file of paths) {
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound && !options.required) continue;
      throw new Error(`Cannot read kubeconfig ${file}: ${(error as Error).message}`);
    }
    let doc: Record<string, unknown> | null;
    try {
      doc = parseYaml(text) as Record<string, unknown> | null;
    } catch (error) {
      throw new Error(`Cannot parse kubeconfig ${file}: ${(error as Error).message}`);
    }
    merged.files.push(file);
    if (!doc) continue;
    const current = doc["current-context"];
    if (!merged.currentContext && typeof current === "string" && current) {
      merged.currentContext = current;
    }
    addAll(merged.clusters, doc.clusters, "cluster", file);
    addAll(merged.users, doc.users, "user", file);
    addAll(merged.contexts, doc.contexts, "context", file);
  }
  return merged;
}

function decode(base64: string, what: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(base64.trim()), (c) => c.charCodeAt(0)));
  } catch {
    throw new Error(`Cannot decode ${what}: it is not valid base64`);
  }
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

async function material(
  data: string | undefined,
  path: string | undefined,
  file: string,
  what: string,
): Promise<string | undefined> {
  if (data) return decode(data, `${what} data in ${file}`);
  if (path) return await readPem(resolvePath(path, file), what);
  return undefined;
}

/**
 * Resolves one context of merged kubeconfigs into a {@link ClusterConfig}, reading certificate and
 * key files. `context` overrides `current-context`.
 *
 * @throws when the context, its cluster or its user is missing, or a file cannot be read.
 */
export async function resolveContext(
  merged: MergedKubeconfig,
  context?: string,
): Promise<ClusterConfig> {
  const files = merged.files.join(", ") || "(no file)";
  const name = context || merged.currentContext;
  if (!name) throw new Error(`Cannot choose a context: ${files} sets no current-context`);
  const ctx = merged.contexts.get(name);
  if (!ctx) throw new Error(`Cannot find context "${name}" in kubeconfig ${files}`);
  const cl = merged.clusters.get(ctx.value.cluster ?? "");
  if (!cl?.value.server) {
    throw new Error(`Cannot use context "${name}": cluster "${ctx.value.cluster}" has no server`);
  }
  const userRef = ctx.value.user ?? "";
  const user = merged.users.get(userRef);
  if (userRef && !user) throw new Error(`Cannot use context "${name}": no user "${userRef}"`);
  const u = user?.value ?? {};
  const uf = user?.file ?? ctx.file;
  if (u["auth-provider"]) {
    throw new Error(
      `Cannot use user "${userRef}": auth-provider "${
        u["auth-provider"].name
      }" was removed from Kubernetes; use an exec plugin`,
    );
  }
  const c = cl.value;
  const caPem = await material(
    c["certificate-authority-data"],
    c["certificate-authority"],
    cl.file,
    "CA",
  );
  const certPem = await material(
    u["client-certificate-data"],
    u["client-certificate"],
    uf,
    "client certificate",
  );
  const keyPem = await material(u["client-key-data"], u["client-key"], uf, "client key");
  if (Boolean(certPem) !== Boolean(keyPem)) {
    throw new Error(`Cannot use user "${userRef}": a client certificate needs both cert and key`);
  }
  let credentials: CredentialSource;
  if (u.exec) {
    const exec = { ...u.exec };
    if (exec.command.includes("/")) exec.command = resolvePath(exec.command, uf);
    credentials = execCredentials(exec, {
      cluster: {
        server: c.server,
        ...(caPem ? { "certificate-authority-data": btoa(caPem) } : {}),
      },
    });
  } else if (u.token) {
    credentials = staticCredentials({ token: u.token });
  } else if (u.tokenFile) {
    credentials = tokenFileCredentials(resolvePath(u.tokenFile, uf));
  } else if (u.username && u.password) {
    credentials = staticCredentials({ basic: { username: u.username, password: u.password } });
  } else {
    credentials = staticCredentials({});
  }
  return {
    server: c.server!.replace(/\/+$/, ""),
    ...(caPem ? { caPem } : {}),
    ...(certPem ? { certPem } : {}),
    ...(keyPem ? { keyPem } : {}),
    ...(c["insecure-skip-tls-verify"] ? { insecureSkipTlsVerify: true } : {}),
    ...(c["tls-server-name"] ? { tlsServerName: c["tls-server-name"] } : {}),
    credentials,
    namespace: ctx.value.namespace || "default",
    source: `kubeconfig context "${name}" (${files})`,
  };
}
