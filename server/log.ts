// Structured logs: one JSON object per line on stdout, easy to ship and to grep by request id.
// Callers pass facts, never secrets; and in case one slips through (an error message that quotes
// a request, a field named after a secret), every line is redacted on the way out: fields whose
// name says password, secret, token, authorization, cookie or API key, and inside any text,
// Stripe keys, webhook secrets, bearer tokens and card-like numbers.
import { env } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

const SECRET_FIELD = /pass(word|phrase)?$|secret|token|authorization|cookie|api[-_]?key|private[-_]?key/i;
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+/g, "[redacted key]"],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, "[redacted secret]"],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  // 13 to 19 digits, optionally grouped by spaces or dashes: the shape of a card number.
  [/\b\d(?:[ -]?\d){12,18}\b/g, "[redacted number]"],
];

export const REDACTED = "[redacted]";

function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** The JSON of a line, redacted (exported for its test). */
export function logLine(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (key, value) => {
    if (key && SECRET_FIELD.test(key) && value !== null && value !== undefined) return REDACTED;
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    if (typeof value === "string") return redactText(value);
    return value;
  });
}

function write(level: Level, message: string, fields: Record<string, unknown>) {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[env().logLevel];
  } catch {
    // An invalid environment is reported by start-up; logging must still work meanwhile.
  }
  if (LEVELS[level] < threshold) return;
  const line = logLine({ time: new Date().toISOString(), level, msg: message, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write("debug", message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write("info", message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write("warn", message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write("error", message, fields),
};
