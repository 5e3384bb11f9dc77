/**
 * One structured log line per event, as JSON on the console: Workers Logs
 * (`[observability]`) indexes each field, so an operator filters by `event`,
 * `worker`, an id or `outcome` instead of grepping prose.
 *
 * Only scalars are accepted, and a field whose name says it holds a credential
 * or a person's details is replaced by "[redacted]" whatever its value: the
 * guard is for the one call site that forgets, not a licence to pass such data.
 */

/** A field's value: scalars only, so no object (a request body, a visitor's submission) can be logged whole. */
export type LogValue = string | number | boolean | null | undefined;

export interface LogFields {
  /** What happened, stable across releases: `submission.delivered`, `http.request`. */
  event?: never;
  /** `ok`, or what went wrong in a word (`retry`, `dead`, `rejected`, `error`). */
  outcome?: string;
  /** The id a reader follows across lines: a request's (`cf-ray`), a queue message's, a submission's. */
  requestId?: string;
  messageId?: string;
  durationMs?: number;
  [field: string]: LogValue;
}

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Field names that must never carry their value into a log. */
const REDACTED =
  /(api_?key|token|secret|password|authorization|cookie|email|phone|^name$|first_?name|last_?name|message$)/i;
/** Strings longer than this are cut: a detail is a reason, not a payload. */
const MAX_STRING = 500;

/** The fields every line has, which a caller's fields cannot overwrite. */
const OWN = new Set(["event", "worker", "level"]);

function clean(fields: LogFields): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || OWN.has(key)) continue;
    if (REDACTED.test(key)) out[key] = "[redacted]";
    else if (typeof value === "string" && value.length > MAX_STRING) out[key] = `${value.slice(0, MAX_STRING)}…`;
    else out[key] = value;
  }
  return out;
}

/** Where the lines go: the console by default (one method per level, so Workers Logs keeps the level too). */
export type LogSink = (level: LogLevel, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

/**
 * A logger for one worker: every line is `{"event":…,"worker":…,"level":…,…fields}`. `worker` is null for code
 * that does not know which worker runs it.
 */
export function createLogger(worker: string | null, sink: LogSink = consoleSink): Logger {
  const write =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      sink(level, JSON.stringify({ event, worker, level, ...clean(fields) }));
  return { info: write("info"), warn: write("warn"), error: write("error") };
}

/** The same logger with `fields` on every line (a queue message's id for everything logged while handling it). */
export function withFields(log: Logger, fields: LogFields): Logger {
  return {
    info: (event, more) => log.info(event, { ...fields, ...more }),
    warn: (event, more) => log.warn(event, { ...fields, ...more }),
    error: (event, more) => log.error(event, { ...fields, ...more }),
  };
}

/** Milliseconds since `started`, by the same clock, for a `durationMs` field. */
export const elapsed = (started: number, now: () => number = Date.now): number => Math.max(0, now() - started);
