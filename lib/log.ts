/**
 * Structured logging: one line per record, as JSON (for log collectors) or `key=value` text (for people).
 *
 * Written by hand on purpose: the whole job is 70 lines, and the npm loggers (pino, winston) bring worker
 * threads, transports and tens of MB of start-up cost to a process whose memory budget is 80 MB.
 *
 * @module
 */
import type { LogLevel } from "./cli.ts";

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Key/value context attached to a log record. Errors are rendered as their message. */
export type LogFields = Record<string, unknown>;

/** A structured logger. */
export interface Logger {
  /** Detail for debugging; off by default. */
  debug(message: string, fields?: LogFields): void;
  /** Normal operation. */
  info(message: string, fields?: LogFields): void;
  /** Something an operator may want to look at. */
  warn(message: string, fields?: LogFields): void;
  /** Something failed. */
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record. */
  with(fields: LogFields): Logger;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Least severe level written. @default "info" */
  level?: LogLevel;
  /** `json` or `text`. @default "text" */
  format?: "json" | "text";
  /** Where lines go. @default a writer to stderr */
  write?: (line: string) => void;
  /** Source of timestamps. @default Date.now */
  now?: () => number;
}

function render(value: unknown): unknown {
  if (value instanceof Error) return value.message;
  return value;
}

function textValue(value: unknown): string {
  const v = render(value);
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s !== undefined && /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s ?? null);
}

const encoder = new TextEncoder();
const toStderr = (line: string) => {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
};

/**
 * Creates a logger.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: "debug", format: "json" });
 * log.with({ controller: "gateway" }).info("reconciled", { key: "default/gw", ms: 3 });
 * // {"ts":"2026-…","level":"info","msg":"reconciled","controller":"gateway","key":"default/gw","ms":3}
 * ```
 */
export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const { level = "info", format = "text", write = toStderr, now = Date.now } = options;
  const min = SEVERITY[level];
  const emit = (lvl: LogLevel, message: string, fields: LogFields = {}) => {
    if (SEVERITY[lvl] < min) return;
    const ts = new Date(now()).toISOString();
    const all = { ...base, ...fields };
    if (format === "json") {
      const record: LogFields = { ts, level: lvl, msg: message };
      for (const [k, v] of Object.entries(all)) record[k] = render(v);
      write(JSON.stringify(record));
    } else {
      const kv = Object.entries(all).map(([k, v]) => `${k}=${textValue(v)}`).join(" ");
      write(`${ts} ${lvl.toUpperCase().padEnd(5)} ${message}${kv ? " " + kv : ""}`);
    }
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    with: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** A logger that drops everything (for tests and library defaults). */
export const silentLogger: Logger = createLogger({ write: () => {} });
