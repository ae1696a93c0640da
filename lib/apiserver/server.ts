/**
 * `startApiServer`: assembles the store, the API semantics, the background controllers (garbage
 * collector, namespace lifecycle, CRD establishment), bootstraps the objects a new cluster has
 * (namespaces `default`, `kube-system`, `kube-public`, the `kubernetes` Service, the Gateway API
 * CRDs), and serves HTTP or HTTPS on 127.0.0.1.
 *
 * @module
 */
import { type Clock, systemClock } from "../clock.ts";
import { Api } from "./api.ts";
import { Lister } from "./api_list.ts";
import { TokenAuthenticator } from "./auth.ts";
import { Background } from "./background.ts";
import { type BundleShape, gatewayCrds } from "./gateway_crds.ts";
import { gatewayValidators } from "./gateway_validators.ts";
import { GarbageCollector } from "./gc.ts";
import { type HandlerDeps, handleRequest } from "./handler.ts";
import { defaultFaults, type Faults, type FaultSettings } from "./faults.ts";
import { kubeconfigYaml } from "./kubeconfig.ts";
import { NamespaceController } from "./namespace_lifecycle.ts";
import { OpenApi } from "./openapi.ts";
import { Registry, storeKeyOf } from "./registry.ts";
import { ServiceAllocator } from "./service_allocator.ts";
import { Storage } from "./storage.ts";
import { createStore, type Store } from "./store.ts";
import { listen, type Listener, type TlsMaterial } from "./transport.ts";
import type { TlsInfo } from "./tls.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import type { WatchHandle } from "./watch.ts";

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Serve HTTPS with a generated CA, certificates and token authentication. @default false */
  tls?: boolean;
  /** Gateway API channel the CRDs are installed in. @default "standard" */
  bundle?: BundleShape;
  /** Changes kept per resource for watch resume; older resourceVersions get 410. @default 1000 */
  watchHistory?: number;
  /** Source of time for timestamps and watch timers. @default systemClock */
  clock?: Clock;
  /** Faults to inject from the start. @default none */
  faults?: Partial<FaultSettings>;
  /** Periodic watch bookmark interval in milliseconds. @default 60000 */
  bookmarkIntervalMs?: number;
}

/** A running API server. */
export interface ApiServer {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** Kubeconfig YAML with one context and admin credentials (with TLS: CA data + admin cert). */
  readonly kubeconfig: string;
  /** Writes {@link kubeconfig} to a file (mode 0600). */
  writeKubeconfig(path: string): Promise<void>;
  /** In-process access to the objects; writes behave exactly like HTTP writes. */
  readonly store: Store;
  /** Fault injection at run time. */
  readonly faults: Faults;
  /** With `tls`: the CA, a DNS name in the server certificate, and client certificate issuance. */
  readonly tls?: TlsInfo;
  /** Registers a bearer token (used over HTTPS); read-only users get 403 on writes. */
  addToken(token: string, user: string, options?: { groups?: string[]; readOnly?: boolean }): void;
  /** Stops serving and ends every watch. */
  stop(): Promise<void>;
  /** Drops every connection (watches cut) and serves again on the same URL with the same store. */
  restart(): Promise<void>;
}

const BUILTIN_NAMESPACES = ["default", "kube-system", "kube-public"];

function bootstrap(api: Api, bundle: BundleShape): void {
  const find = (g: string, v: string, r: string) => api.registry.find(g, v, r)!;
  const crdType = find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  for (const crd of gatewayCrds(bundle)) {
    api.create(crdType, "v1", "", crd, { fieldManager: "l4gw-bootstrap" });
  }
  const nsType = find("", "v1", "namespaces");
  for (const name of BUILTIN_NAMESPACES) {
    api.create(nsType, "v1", "", { metadata: { name } }, { fieldManager: "kube-apiserver" });
  }
  api.create(find("", "v1", "services"), "v1", "default", {
    metadata: {
      name: "kubernetes",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      clusterIP: "10.96.0.1",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
    },
  }, { fieldManager: "kube-apiserver" });
}

function wireHooks(api: Api, bg: Background): void {
  const gc = new GarbageCollector(api, bg);
  const ns = new NamespaceController(api, bg);
  const isCrd = (t: ResourceType) =>
    t.group === "apiextensions.k8s.io" && t.resource === "customresourcedefinitions";
  const refreshCrds = () =>
    api.registry.setCrds(api.storage.list("apiextensions.k8s.io/customresourcedefinitions"));
  api.hooks = {
    written(t, obj) {
      if (isCrd(t)) refreshCrds();
      gc.written(t, obj);
      ns.written(t, obj);
    },
    deleted(t, obj) {
      if (isCrd(t)) {
        removeCustomResources(api, obj);
        refreshCrds();
      }
      gc.deleted(t, obj);
      ns.deleted(t, obj);
    },
  };
}

/** Deleting a CRD deletes all its objects (reference §12). */
function removeCustomResources(api: Api, crd: KubeObject): void {
  const spec = crd.spec as { group: string; names: { plural: string } };
  const t = api.registry.byResource(spec.group, spec.names.plural);
  if (!t) return;
  for (const o of [...api.storage.list(storeKeyOf(t))]) api.removeStored(t, o);
}

/**
 * Starts an API server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startApiServer();
 * const res = await fetch(`${server.url}/api/v1/namespaces`);
 * await res.body?.cancel();
 * await server.stop();
 * ```
 */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const clock = options.clock ?? systemClock;
  const storage = new Storage(options.watchHistory ?? 1000);
  const registry = new Registry();
  const experimental = (options.bundle ?? "standard") === "experimental";
  const api = new Api(storage, registry, {
    now: () => clock.now(),
    services: new ServiceAllocator(),
    customValidators: gatewayValidators(experimental),
  }, clock);
  const bg = new Background();
  wireHooks(api, bg);
  bootstrap(api, options.bundle ?? "standard");
  const lister = new Lister(storage);
  const tokens = new TokenAuthenticator();
  const watches = new Set<WatchHandle>();
  let settings: FaultSettings = { ...defaultFaults(), ...options.faults };
  let injected = 0;
  const dropWatches = () => {
    for (const w of [...watches]) w.close();
  };
  const faults: Faults = {
    get settings() {
      return settings;
    },
    set(changes) {
      settings = { ...settings, ...changes };
    },
    reset() {
      settings = defaultFaults();
    },
    compact() {
      storage.compact();
      lister.compact();
    },
    dropWatches,
    get injected() {
      return injected;
    },
  };
  // Loaded only when asked for: certificate generation costs ~100 ms of imports the plain server
  // (and the default sandbox) does not need.
  const tlsMaterial: TlsMaterial | undefined = options.tls
    ? await (await import("./tls.ts")).createTlsMaterial()
    : undefined;
  let listener: Listener | undefined;
  const deps: HandlerDeps = {
    api,
    lister,
    storage,
    clock,
    watches,
    registry,
    openapi: new OpenApi(registry),
    tokens,
    authMode: tlsMaterial ? "required" : "none",
    serverAddress: () => `127.0.0.1:${listener?.port ?? 0}`,
    faults: () => settings,
    injected: () => injected++,
    watchLimits: () => ({
      maxEvents: settings.watchMaxEvents,
      maxDurationMs: settings.watchMaxSeconds * 1000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutMs: (1800 + Math.floor(Math.random() * 1800)) * 1000,
    }),
  };
  const handler = (req: Request, peer: Parameters<typeof handleRequest>[2]) =>
    handleRequest(deps, req, peer);
  listener = await listen({ port: options.port ?? 0, tls: tlsMaterial, handler });
  const port = listener.port;
  const url = `${tlsMaterial ? "https" : "http"}://127.0.0.1:${port}`;
  const kubeconfig = kubeconfigYaml({
    server: url,
    ...(tlsMaterial
      ? {
        caPem: tlsMaterial.info.caPem,
        clientCertPem: tlsMaterial.admin.certPem,
        clientKeyPem: tlsMaterial.admin.keyPem,
      }
      : {}),
  });
  let stopped = false;
  const server: ApiServer = {
    url,
    kubeconfig,
    async writeKubeconfig(path) {
      await Deno.writeTextFile(path, kubeconfig, { mode: 0o600 });
    },
    store: createStore(api, lister),
    faults,
    ...(tlsMaterial ? { tls: tlsMaterial.info } : {}),
    addToken(token, user, opts = {}) {
      tokens.add(token, user, opts);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      dropWatches();
      bg.stop();
      await listener!.close();
    },
    async restart() {
      dropWatches();
      await listener!.close();
      listener = await listen({ port, tls: tlsMaterial, handler });
    },
  };
  return server;
}
