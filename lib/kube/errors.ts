/**
 * Typed API errors. Every non-2xx answer becomes a {@link KubeApiError} carrying the server's
 * `metav1.Status` (code, reason, message, details), so callers branch on `reason` the way client-go's
 * `apierrors.IsNotFound` and friends do, and log the server's own message.
 *
 * @module
 */
import type { Status } from "../types/mod.ts";

/** What the request was, for error messages. */
export interface RequestDescription {
  method: string;
  /** Path and query, without the server. */
  path: string;
}

/** The `reason` a status code implies when the server sent no `metav1.Status` (client-go's table). */
function reasonForCode(code: number): string {
  const table: Record<number, string> = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    410: "Expired",
    413: "RequestEntityTooLarge",
    415: "UnsupportedMediaType",
    422: "Invalid",
    429: "TooManyRequests",
    500: "InternalError",
    503: "ServiceUnavailable",
    504: "Timeout",
  };
  return table[code] ?? "Unknown";
}

/**
 * An error answer from the API server. `status` is the server's `metav1.Status`, or one synthesised
 * from the HTTP status when the body was not a Status (e.g. a plain-text 404 from a proxy).
 *
 * @example
 * ```ts
 * try { await client.get(gateways, "default", "gw"); }
 * catch (e) { if (isNotFound(e)) return; throw e; }
 * ```
 */
export class KubeApiError extends Error {
  /** The server's Status body. */
  readonly status: Status;
  /** The request that failed. */
  readonly request: RequestDescription;
  /** `Retry-After` in seconds, from the header or `details.retryAfterSeconds`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: Status, request: RequestDescription, retryAfterSeconds?: number) {
    const message = status.message || `the server answered ${status.code} ${status.reason}`;
    super(`${request.method} ${request.path}: ${message}`);
    this.name = "KubeApiError";
    this.status = status;
    this.request = request;
    this.retryAfterSeconds = retryAfterSeconds ?? status.details?.retryAfterSeconds;
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code ?? 0;
  }

  /** The machine-readable reason (`NotFound`, `Conflict`, `Expired`, …). */
  get reason(): string {
    return this.status.reason ?? reasonForCode(this.code);
  }

  /**
   * Builds the error from an HTTP answer's code and body text.
   */
  static fromResponse(
    code: number,
    body: string,
    request: RequestDescription,
    retryAfterSeconds?: number,
  ): KubeApiError {
    let status: Status | undefined;
    try {
      const parsed = JSON.parse(body);
      if (parsed && parsed.kind === "Status") status = parsed as Status;
    } catch {
      // not JSON: synthesise below
    }
    status ??= {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      code,
      reason: reasonForCode(code),
      message: body.trim().slice(0, 500) || `the server answered HTTP ${code}`,
    };
    status.code ??= code;
    status.reason ??= reasonForCode(code);
    return new KubeApiError(status, request, retryAfterSeconds);
  }
}

/** A request that could not reach the server or whose answer could not be read. */
export class KubeTransportError extends Error {
  /** The request that failed. */
  readonly request: RequestDescription;
  constructor(request: RequestDescription, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`${request.method} ${request.path}: cannot reach the API server: ${why}`, { cause });
    this.name = "KubeTransportError";
    this.request = request;
  }
}

function reasonOf(error: unknown): string | undefined {
  return error instanceof KubeApiError ? error.reason : undefined;
}

/** True for 404 NotFound. */
export function isNotFound(error: unknown): boolean {
  return reasonOf(error) === "NotFound";
}

/** True for 409 AlreadyExists (a create of an existing name). */
export function isAlreadyExists(error: unknown): boolean {
  return reasonOf(error) === "AlreadyExists";
}

/** True for 409 Conflict (a stale resourceVersion). */
export function isConflict(error: unknown): boolean {
  return reasonOf(error) === "Conflict";
}

/** True for 410 Expired/Gone (a resourceVersion too old for a watch or list). */
export function isExpired(error: unknown): boolean {
  const reason = reasonOf(error);
  return reason === "Expired" || reason === "Gone" ||
    (error instanceof KubeApiError && error.code === 410);
}

/** True for 422 Invalid. */
export function isInvalid(error: unknown): boolean {
  return reasonOf(error) === "Invalid";
}

/** True for 401 and 403. */
export function isAuthError(error: unknown): boolean {
  const reason = reasonOf(error);
  return reason === "Unauthorized" || reason === "Forbidden";
}

/**
 * True for answers worth retrying unchanged: 429, 5xx, and transport failures.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof KubeTransportError) return true;
  if (!(error instanceof KubeApiError)) return false;
  return error.code === 429 || error.code >= 500;
}
