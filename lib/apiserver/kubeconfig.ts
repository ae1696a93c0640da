/**
 * The kubeconfig the server hands out: one cluster, one admin user, one context. With TLS it embeds
 * the CA and the admin client certificate; over plain HTTP it has no credentials (kubectl would not
 * send them anyway: reference §0.4).
 *
 * @module
 */
import { stringify } from "yaml";

/** What goes into the kubeconfig. */
export interface KubeconfigInput {
  /** Server URL. */
  server: string;
  /** CA certificate PEM (TLS). */
  caPem?: string;
  /** Admin client certificate and key PEM (TLS). */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** A bearer token instead of (or besides) a client certificate. */
  token?: string;
  /** Cluster, user and context name. @default "l4gw-sandbox" */
  name?: string;
}

const b64 = (s: string) => btoa(s);

/**
 * Renders a kubeconfig as YAML.
 *
 * @example
 * ```ts
 * kubeconfigYaml({ server: "http://127.0.0.1:6443" });
 * ```
 */
export function kubeconfigYaml(input: KubeconfigInput): string {
  const name = input.name ?? "l4gw-sandbox";
  const cluster: Record<string, string> = { server: input.server };
  if (input.caPem) cluster["certificate-authority-data"] = b64(input.caPem);
  const user: Record<string, string> = {};
  if (input.clientCertPem) user["client-certificate-data"] = b64(input.clientCertPem);
  if (input.clientKeyPem) user["client-key-data"] = b64(input.clientKeyPem);
  if (input.token) user.token = input.token;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster }],
    users: [{ name: `${name}-admin`, user }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: "default" } }],
    "current-context": name,
    preferences: {},
  });
}
