/**
 * End-to-end test clusters: the embedded API server in the test process, the real controller as a
 * separate process talking to it over HTTP, and helpers to apply objects and wait for what a user
 * would see.
 *
 * @module
 */
import { parse as parseYaml, parseAllDocuments } from "yaml";
import {
  type ApiServer,
  type ApiServerOptions,
  type KubeObject as StoredObject,
  startApiServer,
} from "../../lib/apiserver/mod.ts";
import type { Condition, KubeObject } from "../../lib/types/mod.ts";
import { waitFor, type WaitForOptions } from "./wait_for.ts";

/** The controllerName the test controllers run with (the default). */
export const CONTROLLER_NAME = "kube-vip.io/controller";

/** A running controller process. */
export interface ControllerProcess {
  /** Its process id. */
  readonly pid: number;
  /** Every JSON log record it wrote so far. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
  /** The metrics endpoint (`http://host:port`), once it serves. */
  metricsUrl(): Promise<string>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: Deno.Signal): Promise<number>;
}

/** One API server and the controllers started against it. */
export interface TestCluster extends AsyncDisposable {
  readonly server: ApiServer;
  readonly kubeconfig: string;
  /** Creates (or, if it exists, replaces the spec and metadata of) every object in `yaml`. */
  apply(yaml: string): void;
  /** Lists objects of a kind (optionally in a namespace, with a label selector). */
  list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): T[];
  /** Reads an object (`apiVersion`, `kind`, `namespace`, `name`). */
  get<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): T | undefined;
  /** Merge-patches an object. */
  patch(apiVersion: string, kind: string, namespace: string, name: string, patch: unknown): void;
  /** Deletes an object (if present). */
  remove(apiVersion: string, kind: string, namespace: string, name: string): void;
  /** Starts the controller process with extra flags. */
  startController(flags?: string[]): Promise<ControllerProcess>;
  /** Writes (create, update, patch, delete) the controllers sent, optionally only of one resource. */
  controllerWrites(resource?: string): number;
}

/** A condition of an object's `status.conditions`. */
export function conditionOf(
  object: { status?: unknown } | { conditions?: Condition[] } | undefined,
  type: string,
): Condition | undefined {
  const conditions = object && "conditions" in object
    ? object.conditions
    : (object as { status?: { conditions?: Condition[] } } | undefined)?.status?.conditions;
  return conditions?.find((c) => c.type === type);
}

/** Our entry of a route's `status.parents` for a parent Gateway name (and section). */
export function parentStatus(
  route: KubeObject | undefined,
  gateway: string,
  sectionName?: string,
): { conditions: Condition[] } | undefined {
  const parents = (route as { status?: { parents?: unknown[] } } | undefined)?.status?.parents ??
    [];
  return (parents as {
    controllerName: string;
    parentRef: { name: string; sectionName?: string };
    conditions: Condition[];
  }[])
    .find((p) =>
      p.controllerName === CONTROLLER_NAME && p.parentRef.name === gateway &&
      (sectionName === undefined || p.parentRef.sectionName === sectionName)
    );
}

/**
 * Waits until `read()` returns a value for which `ok` holds, and returns it; on timeout the error
 * names `what` and shows the last value read.
 */
export async function eventually<T>(
  read: () => T | undefined,
  ok: (value: T) => boolean,
  what: string,
  options: WaitForOptions = {},
): Promise<T> {
  let last: T | undefined;
  const found = await waitFor(() => {
    last = read();
    return last !== undefined && ok(last) ? { value: last } : undefined;
  }, {
    deadline: 20_000,
    interval: 25,
    ...options,
    what: () => `${what}; last seen: ${JSON.stringify(last)?.slice(0, 800)}`,
  });
  return found.value;
}

/** Waits until `read()` returns undefined (the object is gone); names `what` on timeout. */
export async function gone(
  read: () => unknown,
  what: string,
  options: WaitForOptions = {},
): Promise<void> {
  await eventually(
    () => (read() === undefined ? "gone" : "present"),
    (v) => v === "gone",
    what,
    options,
  );
}

async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  }
  if (buffer) onLine(buffer);
}

function spawnController(kubeconfig: string, flags: string[]): ControllerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      // As the dev task and the executable run it; a bench can compare other V8 settings.
      `--v8-flags=${Deno.env.get("L4GW_TEST_V8_FLAGS") ?? "--optimize-for-size"}`,
      "main.ts",
      "--kubeconfig",
      kubeconfig,
      "--metrics-bind-address",
      "127.0.0.1:0",
      "--health-probe-bind-address",
      "127.0.0.1:0",
      "--log-format",
      "json",
      ...flags,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const logs: Record<string, unknown>[] = [];
  const reading = readLines(child.stderr, (line) => {
    try {
      logs.push(JSON.parse(line));
    } catch {
      logs.push({ msg: line });
    }
  });
  const exited = Promise.all([child.status, reading]).then(([s]) => s.code);
  return {
    pid: child.pid,
    logs,
    exited,
    async metricsUrl() {
      const record = await waitFor(() => logs.find((l) => l.msg === "serving metrics"), {
        what: "the controller to serve metrics",
      });
      return `http://${record.address}`;
    },
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      return await exited;
    },
  };
}

/**
 * Starts an API server (and remembers controllers to stop) for one test.
 *
 * @example
 * ```ts
 * await using cluster = await startCluster();
 * cluster.apply(yaml);
 * await cluster.startController();
 * ```
 */
export async function startCluster(options: ApiServerOptions = {}): Promise<TestCluster> {
  const server = await startApiServer(options);
  const dir = await Deno.makeTempDir({ prefix: "l4gw-e2e-" });
  const kubeconfig = `${dir}/kubeconfig`;
  await server.writeKubeconfig(kubeconfig);
  const controllers: ControllerProcess[] = [];
  return {
    server,
    kubeconfig,
    apply(yaml) {
      for (const doc of parseAllDocuments(yaml)) {
        const object = doc.toJS() as StoredObject | null;
        if (!object) continue;
        const { apiVersion = "", kind = "", metadata } = object;
        const existing = server.store.get(
          apiVersion,
          kind,
          metadata.namespace ?? "",
          metadata.name ?? "",
        );
        if (existing) {
          server.store.update(
            {
              ...existing,
              ...object,
              metadata: { ...existing.metadata, ...metadata },
            },
          );
        } else server.store.create(object);
      }
    },
    list: (apiVersion, kind, namespace, labelSelector) =>
      server.store.list(apiVersion, kind, {
        ...(namespace ? { namespace } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      }) as never,
    get: (apiVersion, kind, namespace, name) =>
      server.store.get(apiVersion, kind, namespace, name) as never,
    patch: (apiVersion, kind, namespace, name, patch) => {
      server.store.patch(apiVersion, kind, namespace, name, patch);
    },
    remove: (apiVersion, kind, namespace, name) => {
      try {
        server.store.delete(apiVersion, kind, namespace, name);
      } catch (error) {
        if ((error as { code?: number }).code !== 404) throw error;
      }
    },
    async startController(flags = []) {
      const c = spawnController(kubeconfig, flags);
      controllers.push(c);
      await waitFor(
        () => c.logs.find((l) => l.msg === "controllers running" || l.msg === "leader observed"),
        {
          what: "the controller to start",
          deadline: 30_000,
        },
      );
      return c;
    },
    controllerWrites(resource) {
      return server.requests.entries((r) =>
        r.userAgent.startsWith("l4gw/") &&
        ["create", "update", "patch", "delete"].includes(r.verb) &&
        r.status < 300 && !r.url.includes("/leases") && !r.url.includes("/events") &&
        (resource === undefined || r.url.includes(`/${resource}`))
      ).length;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(controllers.map((c) => c.stop("SIGKILL")));
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Parses one YAML document (for tests that build objects inline). */
export function yaml<T = KubeObject>(text: string): T {
  return parseYaml(text) as T;
}
