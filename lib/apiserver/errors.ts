/**
 * `metav1.Status` error bodies, byte-compatible with kube-apiserver 1.32 (reference §7): key order
 * `kind, apiVersion, metadata, status, message, reason, details, code`, `metadata:{}` always present,
 * causes serialised with `reason`.
 *
 * @module
 */

/** One entry of `details.causes`. */
export interface StatusCause {
  /** Machine-readable cause, e.g. `FieldValueInvalid`. */
  reason?: string;
  /** Human-readable text. */
  message: string;
  /** The field path, e.g. `metadata.name`. */
  field?: string;
}

/** `metav1.StatusDetails`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A `metav1.Status` object. */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, unknown>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** An error that the API answers with a `metav1.Status` body and its HTTP code. */
export class ApiError extends Error {
  /** The body sent to the client. */
  readonly status: Status;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;
  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? "error");
    this.name = "ApiError";
    this.status = status;
    this.headers = headers;
  }
  /** The HTTP status code. */
  get code(): number {
    return this.status.code ?? 500;
  }
}

/** Identifies the object an error is about: plural resource, optional group, name. */
export interface Subject {
  resource: string;
  group: string;
  name: string;
}

function details(s: Subject, extra: Partial<StatusDetails> = {}): StatusDetails {
  const d: StatusDetails = { name: s.name };
  if (s.group) d.group = s.group;
  d.kind = s.resource;
  return { ...d, ...extra };
}

/** `<resource>[.<group>]`, as kube-apiserver names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** Builds a failure Status. */
export function failure(
  code: number,
  reason: string,
  message: string,
  det?: StatusDetails,
): ApiError {
  const status: Status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
  };
  if (det) status.details = det;
  status.code = code;
  return new ApiError(status);
}

/** 404 NotFound (CRUD-9). */
export function notFound(s: Subject): ApiError {
  return failure(
    404,
    "NotFound",
    `${qualifiedResource(s.resource, s.group)} "${s.name}" not found`,
    details(s),
  );
}

/** 409 AlreadyExists (CRUD-6). */
export function alreadyExists(s: Subject, terminating = false): ApiError {
  const prefix = terminating ? "object is being deleted: " : "";
  return failure(
    409,
    "AlreadyExists",
    `${prefix}${qualifiedResource(s.resource, s.group)} "${s.name}" already exists`,
    details(s),
  );
}

/** 409 Conflict (CRUD-10, CRUD-15). */
export function conflict(s: Subject, why: string): ApiError {
  return failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${
      qualifiedResource(s.resource, s.group)
    } "${s.name}": ${why}`,
    details(s),
  );
}

/** The optimistic-concurrency reason used by CRUD-10 and PATCH-3. */
export const MODIFIED_REASON =
  "the object has been modified; please apply your changes to the latest version and try again";

/** A field-level validation error (`field.Error`). */
export interface FieldError {
  /** `FieldValueRequired`, `FieldValueInvalid`, … */
  type: string;
  /** Field path, e.g. `spec.ports[0].port`. */
  field: string;
  /** The `ErrorBody` text without the field: `Invalid value: 0: must be greater than 0`. */
  detail: string;
}

function quote(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  return JSON.stringify(value);
}

/** `Invalid value: <v>: <detail>`. */
export function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return { type: "FieldValueInvalid", field, detail: `Invalid value: ${quote(value)}: ${detail}` };
}

/** `Required value[: detail]`. */
export function required(field: string, detail = ""): FieldError {
  return {
    type: "FieldValueRequired",
    field,
    detail: detail ? `Required value: ${detail}` : "Required value",
  };
}

/** `Forbidden: detail`. */
export function forbiddenField(field: string, detail: string): FieldError {
  return { type: "FieldValueForbidden", field, detail: `Forbidden: ${detail}` };
}

/** `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  return {
    type: "FieldValueNotSupported",
    field,
    detail: `Unsupported value: ${quote(value)}: supported values: ${
      supported.map((s) => JSON.stringify(s)).join(", ")
    }`,
  };
}

/** `Too long: may not be more than N bytes` (or a custom detail). */
export function tooLong(field: string, detail: string): FieldError {
  return { type: "FieldValueTooLong", field, detail: `Too long: ${detail}` };
}

/** `Too many: N: must have at most M items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return {
    type: "FieldValueTooMany",
    field,
    detail: `Too many: ${actual}: must have at most ${max} items`,
  };
}

/** `Duplicate value: v`. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: "FieldValueDuplicate", field, detail: `Duplicate value: ${quote(value)}` };
}

/**
 * 422 Invalid: `<Kind>[.<group>] "<name>" is invalid: <field>: <detail>[, …]` (several wrapped in
 * `[…]`), one cause per error.
 */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: FieldError[],
  detailsKind = kind,
): ApiError {
  const parts = errors.map((e) => `${e.field}: ${e.detail}`);
  const joined = parts.length > 1 ? `[${parts.join(", ")}]` : parts[0] ?? "";
  const det: StatusDetails = { name };
  if (group) det.group = group;
  det.kind = detailsKind;
  det.causes = errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  return failure(
    422,
    "Invalid",
    `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${joined}`,
    det,
  );
}

/** 400 BadRequest with free text. */
export function badRequest(message: string): ApiError {
  return failure(400, "BadRequest", message);
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(verb: string, resource: string): ApiError {
  return failure(
    405,
    "MethodNotAllowed",
    `${verb} is not supported on resources of kind "${resource}"`,
    {},
  );
}

/** 410 Expired (stale watch, list RV or continue token). */
export function expired(message: string): ApiError {
  return failure(410, "Expired", message);
}

/** 500 InternalError: `Internal error occurred: <err>`. */
export function internalError(err: string): ApiError {
  return failure(500, "InternalError", `Internal error occurred: ${err}`, {
    causes: [{ message: err }],
  });
}

/** 401 Unauthorized (reference §8). */
export function unauthorized(): ApiError {
  return failure(401, "Unauthorized", "Unauthorized");
}

/** 415 UnsupportedMediaType for a patch type the resource does not accept (PATCH-1). */
export function unsupportedPatch(accepted: string[]): ApiError {
  return failure(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${
      accepted.join(", ")
    }`,
  );
}

/** A success Status as returned by DELETE (DEL-1). */
export function successStatus(s: Subject, uid: string): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: details(s, { uid }),
  };
}
