/**
 * Parses a request path into what it addresses, as kube-apiserver's `RequestInfoFactory` does:
 * `/api/v1[/watch]/namespaces/{ns}/{resource}[/{name}[/{subresource}]]` and
 * `/apis/{group}/{version}/…`; the legacy `/watch/` prefix marks a watch (W-1).
 *
 * @module
 */

/** A resource request. */
export interface ResourceRequest {
  group: string;
  version: string;
  /** Namespace from the path, `""` when none. */
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  /** The path used the legacy `/watch/` prefix. */
  legacyWatch: boolean;
}

/**
 * Parses `/api/…` and `/apis/…` resource paths; returns undefined for anything else (discovery
 * documents are matched before this).
 *
 * @example
 * ```ts
 * parseResourcePath("/apis/gateway.networking.k8s.io/v1/namespaces/default/gateways/gw/status");
 * // { group: "gateway.networking.k8s.io", version: "v1", namespace: "default",
 * //   resource: "gateways", name: "gw", subresource: "status", legacyWatch: false }
 * ```
 */
export function parseResourcePath(path: string): ResourceRequest | undefined {
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    rest = parts.slice(1);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    rest = parts.slice(2);
  } else return undefined;
  const version = rest[0]!;
  rest = rest.slice(1);
  let legacyWatch = false;
  if (rest[0] === "watch") {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  let namespace = "";
  const nsSubresource = rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize");
  if (rest[0] === "namespaces" && (rest.length === 2 || nsSubresource)) {
    // /api/v1/namespaces/{name}[/status|/finalize]: the Namespace object itself
    return {
      group,
      version,
      namespace: "",
      resource: "namespaces",
      name: rest[1]!,
      subresource: rest[2] ?? "",
      legacyWatch,
    };
  }
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 3) return undefined;
  if (namespace && rest[0] === "") return undefined;
  return {
    group,
    version,
    namespace,
    resource: rest[0]!,
    name: rest[1] ?? "",
    subresource: rest[2] ?? "",
    legacyWatch,
  };
}

/** Kubernetes boolean query parameters: present and not `0`/`false` is true (reference §0.6). */
export function queryBool(params: URLSearchParams, name: string): boolean | undefined {
  if (!params.has(name)) return undefined;
  const v = params.get(name)!.toLowerCase();
  return !(v === "0" || v === "false");
}
