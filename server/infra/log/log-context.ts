// What every log line caused by one request or one job carries (its request id, the job's id), held
// in async context so that code deep in a use case logs it without being handed it. The REST frame
// (server/transport/http/api-handler.ts), the portal's tRPC handler
// (server/transport/trpc/portal-http-handler.ts) and the job worker open a context;
// server/infra/log/log.ts adds it to every line (pino's mixin), with the active span's trace and
// span ids. Pages cannot open one: Next renders their server components in work that no function of
// ours surrounds (proxy.ts runs before the rendering, not around it), so their lines carry only the
// trace ids, when tracing is on.
import { AsyncLocalStorage } from "node:async_hooks";

export type LogContext = Readonly<Record<string, string | number | undefined>>;

// One store for the whole process: Next bundles instrumentation.ts (the job worker) apart from the
// route handlers, each with its own copy of this module, and a context one copy opens must be
// seen by the log lines another copy's callers write.
declare global {
  var portalLogContext: AsyncLocalStorage<LogContext> | undefined;
}
globalThis.portalLogContext ??= new AsyncLocalStorage<LogContext>();
const storage = globalThis.portalLogContext;

/** Runs `work` with `fields` added to every log line it causes (nested contexts add to outer ones). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer ? { ...outer, ...fields } : fields, work);
}

/** The fields of the current context, or none outside one. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
