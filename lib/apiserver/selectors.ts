/**
 * Label and field selectors (LIST-3, LIST-4), parsed once per request into a predicate so that a list
 * or a watch evaluates them without re-parsing per object.
 *
 * Written by hand: the grammar is apimachinery's (`labels.Parse`, `fields.ParseSelector`), which no npm
 * package implements.
 *
 * @module
 */

/** A compiled label selector. */
export type LabelPredicate = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/** One requirement of a field selector. */
export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Thrown for a selector that does not parse; the server answers 400 with the message. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 317) {
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`);
  }
  return value;
}

function requirement(text: string): LabelPredicate {
  let m = /^!\s*(\S+)$/.exec(text);
  if (m) {
    const key = checkKey(m[1]!);
    return (l) => l?.[key] === undefined;
  }
  m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (m) {
    const key = checkKey(m[1]!);
    const values = new Set(m[3]!.split(",").map((v) => checkValue(v.trim())));
    return m[2] === "in"
      ? (l) => l?.[key] !== undefined && values.has(l[key]!)
      : (l) => l?.[key] === undefined || !values.has(l[key]!);
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (m) {
    const key = checkKey(m[1]!);
    const op = m[2]!;
    const value = m[3]!.trim();
    if (op === "<" || op === ">") {
      const n = Number(value);
      if (!Number.isInteger(n)) {
        throw new SelectorError(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return (l) => {
        const v = l?.[key];
        if (v === undefined || !/^-?\d+$/.test(v)) return false;
        return op === "<" ? Number(v) < n : Number(v) > n;
      };
    }
    checkValue(value);
    return op === "!=" ? (l) => l?.[key] !== value : (l) => l?.[key] === value;
  }
  if (/^\S+$/.test(text)) {
    const key = checkKey(text);
    return (l) => l?.[key] !== undefined;
  }
  throw new SelectorError(`unable to parse requirement: found '${text}', expected: identifier`);
}

/**
 * Compiles a label selector string; the empty string matches everything.
 *
 * @throws {SelectorError} when the selector does not parse.
 * @example
 * ```ts
 * const match = parseLabelSelector("app=web,tier notin (db),!legacy");
 * match({ app: "web" }); // true
 * ```
 */
export function parseLabelSelector(text: string): LabelPredicate {
  const reqs = splitTopLevel(text).map(requirement);
  if (reqs.length === 0) return () => true;
  return (labels) => reqs.every((r) => r(labels));
}

/**
 * Parses a field selector (`a=b,c!=d`; `==` is `=`). Set-based operators are not supported.
 *
 * @throws {SelectorError} when a term has no operator.
 */
export function parseFieldSelector(text: string): FieldRequirement[] {
  return splitTopLevel(text).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    return { field: m[1]!.trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() };
  });
}

/** A LabelSelector object (`matchLabels`, `matchExpressions`) as a predicate. */
export function labelSelectorObject(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): LabelPredicate {
  const terms: string[] = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else if (e.operator === "DoesNotExist") terms.push(`!${e.key}`);
  }
  return parseLabelSelector(terms.join(","));
}
