// What every log line caused by one request or one job carries (its request id, the job's id),
// held in async context so that code deep in a use case logs it without being handed it.
// The REST frame, tRPC and the job worker open a context; server/log.ts reads it.
import { AsyncLocalStorage } from "node:async_hooks";

export type LogContext = Readonly<Record<string, string | number | undefined>>;

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` added to every log line it causes (nested contexts add to outer ones). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer ? { ...outer, ...fields } : fields, work);
}

/** The fields of the current context, or none outside one. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
