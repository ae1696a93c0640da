/**
 * CustomResourceDefinition and custom resources (reference §12). A CRD's name must be
 * `<plural>.<group>`; the server accepts its names and marks it Established at once (what the naming
 * and establishing controllers do within milliseconds). Custom resources are defaulted and validated
 * against the schema of the version they are written in, plus the kind's CEL-equivalent validators.
 *
 * @module
 */
import { type FieldError, invalidValue, required } from "./errors.ts";
import { formatTime } from "./meta_time.ts";
import { applyDefaults, validateSchema } from "./schema.ts";
import type { Strategy } from "./strategy.ts";
import type { KubeObject, ResourceType } from "./types.ts";

type Obj = Record<string, unknown>;

interface CrdSpec {
  group?: string;
  names?: { plural?: string; kind?: string; singular?: string; listKind?: string };
  scope?: string;
  versions?: { name: string; served?: boolean; storage?: boolean }[];
}

function establish(obj: KubeObject, now: number, previous?: KubeObject): void {
  const spec = (obj.spec ?? {}) as CrdSpec;
  const names = { ...spec.names };
  names.singular ??= (names.kind ?? "").toLowerCase();
  names.listKind ??= `${names.kind}List`;
  const t = formatTime(now);
  const prevConds = ((previous?.status as Obj | undefined)?.conditions ?? []) as Obj[];
  const keep = (type: string) => prevConds.find((c) => c.type === type)?.lastTransitionTime ?? t;
  const storage = spec.versions?.find((v) => v.storage)?.name;
  const prevStored = ((previous?.status as Obj | undefined)?.storedVersions ?? []) as string[];
  obj.status = {
    acceptedNames: names,
    conditions: [
      {
        type: "NamesAccepted",
        status: "True",
        lastTransitionTime: keep("NamesAccepted"),
        reason: "NoConflicts",
        message: "no conflicts found",
      },
      {
        type: "Established",
        status: "True",
        lastTransitionTime: keep("Established"),
        reason: "InitialNamesAccepted",
        message: "the initial names have been accepted",
      },
    ],
    storedVersions: [...new Set([...prevStored, ...(storage ? [storage] : [])])],
  };
}

/** The CRD strategy. */
export const crdStrategy: Strategy = {
  prepareCreate(obj, _t, ctx) {
    establish(obj, ctx.now());
  },
  prepareUpdate(obj, old, _t, ctx) {
    establish(obj, ctx.now(), old);
  },
  validate(obj) {
    const spec = (obj.spec ?? {}) as CrdSpec;
    const out: FieldError[] = [];
    if (!spec.group) out.push(required("spec.group"));
    if (!spec.names?.plural) out.push(required("spec.names.plural"));
    if (!spec.names?.kind) out.push(required("spec.names.kind"));
    if (!["Namespaced", "Cluster"].includes(String(spec.scope))) {
      out.push(
        invalidValue("spec.scope", spec.scope ?? "", "must be either Namespaced or Cluster"),
      );
    }
    const versions = spec.versions ?? [];
    if (versions.length === 0) {
      out.push(
        required("spec.versions", "must have exactly one version marked as storage version"),
      );
    } else if (versions.filter((v) => v.storage).length !== 1) {
      out.push(
        invalidValue(
          "spec.versions",
          versions.map((v) => v.name),
          "must have exactly one version marked as storage version",
        ),
      );
    }
    const want = `${spec.names?.plural}.${spec.group}`;
    if (obj.metadata.name && obj.metadata.name !== want) {
      out.push(
        invalidValue(
          "metadata.name",
          obj.metadata.name,
          `must be spec.names.plural+"."+spec.group`,
        ),
      );
    }
    return out;
  },
};

/** Applies the schema defaults of `version` (the version the client wrote or reads). */
export function defaultCustom(obj: KubeObject, type: ResourceType, version: string): void {
  const schema = type.schemas?.[version];
  if (schema) applyDefaults(obj, schema);
}

/** Validates a custom resource against its schema and validators. */
export function validateCustom(
  obj: KubeObject,
  old: KubeObject | undefined,
  type: ResourceType,
  version: string,
  validators: Record<string, (o: KubeObject, p: KubeObject | undefined) => FieldError[]>,
): FieldError[] {
  const schema = type.schemas?.[version];
  const out = schema ? validateSchema(obj, schema) : [];
  const extra = validators[type.kind];
  if (extra && type.group === "gateway.networking.k8s.io") out.push(...extra(obj, old));
  return out;
}
