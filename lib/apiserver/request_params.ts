/**
 * Reading a resource request: its verb, body (JSON or YAML, size-limited), write options,
 * DeleteOptions and integer query parameters, each with kube-apiserver's error for bad input.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import type { DeleteOptions } from "./api_delete.ts";
import { badRequest, failure } from "./errors.ts";
import { decodeProtobufObject, isProtobuf } from "./protobuf.ts";
import { queryBool, type ResourceRequest } from "./request_info.ts";
import type { ResourceType } from "./types.ts";
import type { WriteOptions } from "./write_context.ts";

/** Largest request body accepted (kube-apiserver: 3 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

/** The verb a request means (`get`, `list`, `watch`, `create`, …). */
export function verbOf(method: string, r: ResourceRequest, q: URLSearchParams): string {
  switch (method) {
    case "GET":
    case "HEAD":
      if (r.legacyWatch || queryBool(q, "watch")) return "watch";
      return r.name ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return r.name ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

/** The request body as text, at most 3 MiB (413 otherwise). */
export async function readText(req: Request): Promise<string> {
  const text = await req.text();
  if (text.length > MAX_BODY) {
    throw failure(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
  }
  return text;
}

/**
 * The request body as a JSON value: JSON, YAML (`application/yaml`) or Kubernetes protobuf (what
 * kubectl's imperative `create` commands send); 400 when it does not decode.
 */
export async function readJson(
  req: Request,
  type: ResourceType,
  version: string,
): Promise<unknown> {
  const contentType = req.headers.get("content-type") ?? "";
  if (isProtobuf(contentType)) {
    const body = new Uint8Array(await req.arrayBuffer());
    if (body.length > MAX_BODY) {
      throw failure(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    }
    return decodeProtobufObject(body);
  }
  const text = await readText(req);
  const media = contentType.split(";")[0]!.trim().toLowerCase();
  try {
    return media === "application/yaml" ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: json parse error: ${
        (e as Error).message
      }`,
    );
  }
}

/** Write options from the query (`fieldManager`, `fieldValidation`, `dryRun`) and User-Agent. */
export function writeOptions(q: URLSearchParams, req: Request): WriteOptions {
  const fv = q.get("fieldValidation") ?? undefined;
  const opts: WriteOptions = {
    fieldManager: q.get("fieldManager") ?? undefined,
    userAgent: req.headers.get("user-agent") ?? undefined,
    dryRun: q.getAll("dryRun").includes("All"),
  };
  if (fv !== undefined) {
    const canonical = ["Strict", "Warn", "Ignore"].find((v) =>
      v.toLowerCase() === fv.toLowerCase()
    );
    if (!canonical) {
      throw badRequest(
        `fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`,
      );
    }
    opts.fieldValidation = canonical as WriteOptions["fieldValidation"];
  }
  return opts;
}

/** `Warning` headers for warnings, in the `299 - "text"` form. */
export function warningHeaders(warnings: string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}

/** A non-negative integer query parameter; 400 when it is not one. */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d+$/.test(v)) {
    throw badRequest(
      `invalid value for ${name}: ${JSON.stringify(v)} is not a non-negative integer`,
    );
  }
  return Number(v);
}

/** DeleteOptions from the body (if any) and the query. */
export async function deleteOptions(req: Request, q: URLSearchParams): Promise<DeleteOptions> {
  const text = await req.text();
  let opts: DeleteOptions = {};
  if (text.trim()) {
    try {
      opts = JSON.parse(text);
    } catch (e) {
      throw badRequest(`error decoding DeleteOptions: ${(e as Error).message}`);
    }
  }
  const pp = q.get("propagationPolicy");
  if (pp) opts.propagationPolicy = pp;
  const od = queryBool(q, "orphanDependents");
  if (od !== undefined) opts.orphanDependents = od;
  if (q.getAll("dryRun").length) opts.dryRun = q.getAll("dryRun");
  return opts;
}
