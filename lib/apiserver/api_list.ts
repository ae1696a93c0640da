/**
 * LIST semantics (reference §5): label and field selectors compiled once (LIST-3…6), pagination with
 * `limit`/`continue` over a consistent snapshot (LIST-7, LIST-9, LIST-10), `resourceVersion` and
 * `resourceVersionMatch` rules (LIST-8, LIST-11, LIST-12), and the object filter watches share.
 *
 * @module
 */
import { badRequest, expired, failure, type FieldError, invalid } from "./errors.ts";
import { storeKeyOf } from "./registry.ts";
import { parseFieldSelector, parseLabelSelector, SelectorError } from "./selectors.ts";
import type { Storage } from "./storage.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { toView } from "./write_context.ts";

/** List query options. */
export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: string | undefined;
}

/** A list page: stored objects plus list metadata. */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Compiled object filter of a list or watch. */
export type ObjectFilter = (obj: KubeObject) => boolean;

/**
 * Compiles the namespace, label selector and field selector of a request into one predicate.
 *
 * @throws {ApiError} 400 for a selector that does not parse or names an unsupported field.
 */
export function compileFilter(
  type: ResourceType,
  namespace: string | undefined,
  labelSelector = "",
  fieldSelector = "",
): ObjectFilter {
  let labels;
  let fields;
  try {
    labels = parseLabelSelector(labelSelector);
    fields = parseFieldSelector(fieldSelector);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
  const getters = fields.map((f) => {
    const get = fieldGetter(type, f.field);
    return { get, op: f.op, value: f.value };
  });
  return (obj) => {
    if (namespace && (obj.metadata.namespace ?? "") !== namespace) return false;
    if (!labels(obj.metadata.labels)) return false;
    if (getters.length === 0) return true;
    const view = toView(type, obj);
    return getters.every((g) => (g.get(view) === g.value) === (g.op === "="));
  };
}

function fieldGetter(type: ResourceType, field: string): (o: KubeObject) => string {
  if (field === "metadata.name") return (o) => o.metadata.name ?? "";
  if (field === "metadata.namespace" && (type.namespaced || type.fieldSelectorError === "known")) {
    return (o) => o.metadata.namespace ?? "";
  }
  const extra = type.fieldSelectors[field];
  if (extra) return extra;
  if (type.fieldSelectorError === "known") {
    throw badRequest(
      `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  throw badRequest(`field label not supported: ${field}`);
}

function validateListOptions(o: ListOptions): void {
  const errs: FieldError[] = [];
  const add = (field: string, detail: string) =>
    errs.push({ type: "FieldValueForbidden", field, detail: `Forbidden: ${detail}` });
  if (o.resourceVersionMatch) {
    if (!o.resourceVersion) {
      add(
        "resourceVersionMatch",
        "resourceVersionMatch is forbidden unless resourceVersion is provided",
      );
    }
    if (o.continue) {
      add("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided");
    }
    if (o.resourceVersionMatch === "Exact" && o.resourceVersion === "0") {
      add(
        "resourceVersionMatch",
        'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
    }
    if (!["Exact", "NotOlderThan"].includes(o.resourceVersionMatch)) {
      errs.push({
        type: "FieldValueNotSupported",
        field: "resourceVersionMatch",
        detail:
          `Unsupported value: "${o.resourceVersionMatch}": supported values: "Exact", "NotOlderThan", ""`,
      });
    }
  }
  if (errs.length) throw invalid("ListOptions.meta.k8s.io", "", "", errs);
}

interface Snapshot {
  items: readonly KubeObject[];
  rv: string;
}

interface Token {
  v: string;
  rv: number;
  start: number;
  id: string;
}

/** Paginated lists over consistent snapshots kept for a while (LIST-7). */
export class Lister {
  readonly #storage: Storage;
  readonly #snapshots = new Map<string, Snapshot>();
  readonly #maxSnapshots: number;

  constructor(storage: Storage, maxSnapshots = 64) {
    this.#storage = storage;
    this.#maxSnapshots = maxSnapshots;
  }

  /** Forgets every snapshot (compaction): continue tokens become expired (LIST-9). */
  compact(): void {
    this.#snapshots.clear();
  }

  /** Lists a resource. */
  list(type: ResourceType, namespace: string | undefined, o: ListOptions): ListResult {
    validateListOptions(o);
    const filter = compileFilter(type, namespace, o.labelSelector, o.fieldSelector);
    const current = String(this.#storage.resourceVersion);
    if (o.continue) {
      if (o.resourceVersion) {
        throw badRequest("specifying resource version is not allowed when using continue");
      }
      return this.#continue(o.continue, o.limit ?? 0);
    }
    const rv = o.resourceVersion;
    if (rv && rv !== "0") {
      const n = Number(rv);
      if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version "${rv}"`);
      if (n > this.#storage.resourceVersion) {
        throw failure(
          504,
          "Timeout",
          `Timeout: Too large resource version: ${n}, current: ${current}`,
          {
            causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
            retryAfterSeconds: 1,
          },
        );
      }
      const exact = o.resourceVersionMatch === "Exact" ||
        (!o.resourceVersionMatch && (o.limit ?? 0) > 0);
      if (exact && n !== this.#storage.resourceVersion) {
        const history = this.#storage.changesSince(storeKeyOf(type), n);
        if (!Array.isArray(history) || history.length > 0) {
          throw expired("The resourceVersion for the provided list is too old.");
        }
      }
    }
    const all = this.#storage.list(storeKeyOf(type), namespace || undefined).filter(filter);
    const limit = rv === "0" ? 0 : o.limit ?? 0;
    if (limit <= 0 || all.length <= limit) return { items: [...all], resourceVersion: current };
    const id = crypto.randomUUID();
    this.#snapshots.set(id, { items: all, rv: current });
    if (this.#snapshots.size > this.#maxSnapshots) {
      this.#snapshots.delete(this.#snapshots.keys().next().value!);
    }
    return this.#page(id, { items: all, rv: current }, 0, limit);
  }

  #page(id: string, snap: Snapshot, start: number, limit: number): ListResult {
    const end = limit > 0 ? start + limit : snap.items.length;
    const items = snap.items.slice(start, end);
    const result: ListResult = { items, resourceVersion: snap.rv };
    if (end < snap.items.length) {
      const token: Token = { v: "meta.k8s.io/v1", rv: Number(snap.rv), start: end, id };
      result.continue = btoa(JSON.stringify(token));
      result.remainingItemCount = snap.items.length - end;
    } else this.#snapshots.delete(id);
    return result;
  }

  #continue(text: string, limit: number): ListResult {
    let token: Token;
    try {
      token = JSON.parse(atob(text));
      if (typeof token.start !== "number" || typeof token.id !== "string") throw new Error();
    } catch {
      throw badRequest("invalid continue token: continue key is not valid: illegal base64 data");
    }
    const snap = this.#snapshots.get(token.id);
    if (!snap) {
      const e = expired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
      );
      e.status.metadata = { continue: text };
      throw e;
    }
    return this.#page(token.id, snap, token.start, limit);
  }
}
