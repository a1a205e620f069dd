// Structured logs on pino: one JSON object per line, `info` and `debug` on stdout, `warn` and
// `error` on stderr, easy to ship and to grep by request id. A line is
//   {"level":"info","time":"<ISO>",<context>,<fields>,"msg":"<message>"}
// where the context is what the request or job that caused it carries (server/infra/log/log-context.ts: its
// request id, its job) and, while an OpenTelemetry span is active, `trace_id` and `span_id`, so a
// line leads to its trace and back.
//
// Callers pass facts, never secrets; in case one slips through (an error message that quotes a
// request, a field named after a secret), pino's configuration redacts every line on the way out:
// its redact paths censor the fields known to hold secrets, and the `log` formatter replaces, at
// any depth, fields whose name says password, secret, token, authorization, cookie or API key,
// and, inside any text (messages, error messages, stacks), Stripe keys, webhook secrets, bearer
// tokens and card-like numbers.
//
// Lines go to process.stdout and process.stderr, in the calling thread (pino's transports run in
// worker threads, which Next's server bundle cannot load): Node writes them at once to a file or
// terminal, and to a pipe while it has room, queueing the rest. Not pino's own sonic-boom: when
// the pipe to a log collector is full, its synchronous mode stops the whole process for 100 ms
// at a time until there is room (measured into a busy pipe: a tenth of process.stdout's rate).
import { isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "../env/env";
import { currentLogContext } from "./log-context";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type Fields = Record<string, unknown>;

export const REDACTED = "[redacted]";

// Field names that hold secrets where this code base has them (provider and client credentials,
// sign-in forms, request headers). pino's redact paths censor them at the top of a line, and the
// headers among them inside a `headers` field; a path that starts with a wildcard (`*.password`)
// would make pino run its redaction on every field of every line, ten times the cost of a line.
// Deeper down, and for names this list lacks, the `log` formatter's pattern (below) censors them;
// it runs first, so on lines written through `log` the paths are the second guard.
const SECRET_FIELDS = [
  "password",
  "newPassword",
  "currentPassword",
  "passphrase",
  "secret",
  "clientSecret",
  "client_secret",
  "secretKey",
  "webhookSecret",
  "authSecret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "apiKey",
  "api_key",
  "x-api-key",
  "privateKey",
  "private_key",
];
const SECRET_HEADERS = ["authorization", "Authorization", "cookie", "Cookie", "set-cookie", "x-api-key"];
const REDACT_PATHS = [
  ...SECRET_FIELDS.map((name) => `[${JSON.stringify(name)}]`),
  ...SECRET_HEADERS.map((name) => `headers[${JSON.stringify(name)}]`),
];

// The same, for names the list does not know and at any depth: a field whose name matches.
const SECRET_FIELD = /pass(word|phrase)?$|secret|token|authorization|cookie|api[-_]?key|private[-_]?key/i;

const SECRET_TEXT: readonly [RegExp, string][] = [
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+/g, "[redacted key]"],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, "[redacted secret]"],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  // 13 to 19 digits, optionally grouped by spaces or dashes: the shape of a card number.
  [/\b\d(?:[ -]?\d){12,18}\b/g, "[redacted number]"],
];

function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

// Deeper than this a value is written as "[too deep]": a line describes an event, not a graph.
const MAX_DEPTH = 8;

/**
 * A copy of a value as JSON would write it, with the secrets inside redacted: text patterns in
 * every string, secret-named fields, and an Error as its name and redacted message (a caller who
 * wants the stack passes it as a field, where it is redacted as text).
 */
function redactValue(value: unknown, depth: number, parents: Set<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (parents.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  // Dates, URLs, decimals and buffers become what JSON.stringify would make of them.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return redactValue(toJSON.call(value), depth + 1, parents);
  parents.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((item) => redactValue(item, depth + 1, parents));
  else out = redactFields(value as Fields, depth + 1, parents);
  parents.delete(value);
  return out;
}

function redactFields(fields: Fields, depth: number, parents: Set<object>): Fields {
  const out: Fields = {};
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    out[key] =
      SECRET_FIELD.test(key) && value !== null && value !== undefined
        ? REDACTED
        : redactValue(value, depth, parents);
  }
  return out;
}

/** The fields every line carries: the log context, and the active span's trace and span ids. */
function contextFields(): Fields {
  const fields: Fields = { ...currentLogContext() };
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  return fields;
}

/** Where lines go: `debug` and `info` to `out`, `warn` and `error` to `err`. */
export type LogStreams = { out: DestinationStream; err: DestinationStream };

function createLogger(level: LogLevel, streams: LogStreams): Logger {
  return pino(
    {
      level,
      base: null, // no pid or host name: the platform that collects the lines knows them
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields, 0, new Set()),
      },
      // The context first, so a field the caller passes wins over it.
      mixin: contextFields,
      serializers: { msg: redactText },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    // Each line to the one stream of the highest level it reaches.
    pino.multistream(
      [
        { level: "debug", stream: streams.out },
        { level: "warn", stream: streams.err },
      ],
      { dedupe: true },
    ),
  );
}

function configuredLevel(): LogLevel {
  return env().logLevel;
}

let current: Logger | undefined;
let fallback: Logger | undefined;

function logger(): Logger {
  if (current) return current;
  const processStreams = { out: process.stdout, err: process.stderr };
  let level: LogLevel;
  try {
    level = configuredLevel();
  } catch {
    // An invalid environment is reported by start-up; logging must still work meanwhile, and
    // LOG_LEVEL is read again on the next line.
    fallback ??= createLogger("info", processStreams);
    return fallback;
  }
  current = createLogger(level, processStreams);
  return current;
}

/**
 * From now on, the lines of `log` go to `streams` (a test reads them there), at `level`
 * (LOG_LEVEL's by default). Returns the way back.
 */
export function sendLogsTo(streams: LogStreams, level: LogLevel = configuredLevel()): () => void {
  const previous = current;
  current = createLogger(level, streams);
  return () => {
    current = previous;
  };
}

export const log = {
  debug: (message: string, fields: Fields = {}) => logger().debug(fields, message),
  info: (message: string, fields: Fields = {}) => logger().info(fields, message),
  warn: (message: string, fields: Fields = {}) => logger().warn(fields, message),
  error: (message: string, fields: Fields = {}) => logger().error(fields, message),
};
