/**
 * Authentication and a two-role authorizer (reference §8): over HTTPS a request is identified by its
 * client certificate (user = subject CN, groups = O) or its bearer token; anything else is 401. Users
 * are admins unless registered read-only, and read-only users get kube-apiserver's 403 body on writes.
 * Over plain HTTP every request is the admin (kubectl sends no credentials over http: §0.4).
 *
 * @module
 */
import { ApiError, failure } from "./errors.ts";

/** An authenticated user. */
export interface UserInfo {
  name: string;
  groups: string[];
  readOnly: boolean;
}

/** The admin identity used over plain HTTP and by the admin client certificate. */
export const ADMIN: UserInfo = { name: "admin", groups: ["system:masters"], readOnly: false };

/** Known bearer tokens. */
export class TokenAuthenticator {
  readonly #tokens = new Map<string, UserInfo>();

  /** Registers a token. */
  add(token: string, user: string, options: { groups?: string[]; readOnly?: boolean } = {}): void {
    this.#tokens.set(token, {
      name: user,
      groups: [...(options.groups ?? []), "system:authenticated"],
      readOnly: options.readOnly ?? false,
    });
  }

  /** The user of an `Authorization` header, or undefined when there is no bearer token. */
  authenticate(header: string | null): UserInfo | undefined | "invalid" {
    if (!header) return undefined;
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m) return "invalid";
    return this.#tokens.get(m[1]!.trim()) ?? "invalid";
  }
}

const READ_VERBS = new Set(["get", "list", "watch"]);

/** What a request does, for authorization messages. */
export interface Attributes {
  verb: string;
  resource: string;
  subresource: string;
  group: string;
  namespace: string;
  name: string;
}

/** Throws the 403 of kube-apiserver when a read-only user writes. */
export function authorize(user: UserInfo, a: Attributes): void {
  if (!user.readOnly || READ_VERBS.has(a.verb)) return;
  throw forbidden(user, a);
}

/** The Forbidden error for a user and request. */
export function forbidden(user: UserInfo, a: Attributes): ApiError {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const reason =
    `User "${user.name}" cannot ${a.verb} resource "${res}" in API group "${a.group}" ${where}`;
  const qualified = a.group ? `${res}.${a.group}` : res;
  const message = a.name
    ? `${qualified} "${a.name}" is forbidden: ${reason}`
    : `${qualified} is forbidden: ${reason}`;
  const details: Record<string, string> = {};
  if (a.name) details.name = a.name;
  if (a.group) details.group = a.group;
  details.kind = res;
  return failure(403, "Forbidden", message, details);
}
