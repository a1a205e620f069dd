// Structured logs: one JSON object per line on stdout, easy to ship and to grep by request id.
// Callers pass facts, never secrets (tokens, passwords, client secrets are not logged anywhere).
import { env } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, "silent">;

function write(level: Level, message: string, fields: Record<string, unknown>) {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[env().logLevel];
  } catch {
    // An invalid environment is reported by start-up; logging must still work meanwhile.
  }
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify(
    { time: new Date().toISOString(), level, msg: message, ...fields },
    (_key, value) => (value instanceof Error ? { name: value.name, message: value.message } : value),
  );
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write("debug", message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write("info", message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write("warn", message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write("error", message, fields),
};
