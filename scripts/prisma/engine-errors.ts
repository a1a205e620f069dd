// Makes the wasm schema engine's failures readable.

/** Set by the engine's panic hook (the glue calls global.PRISMA_WASM_PANIC_REGISTRY.set_message). */
let lastPanicMessage: string | undefined;

/** The wasm glue reports a Rust panic through this global before throwing "unreachable"; without it the report itself fails. */
export function installPanicRegistry(): void {
  const registry = { set_message: (message: string) => (lastPanicMessage = message) };
  (globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: typeof registry }).PRISMA_WASM_PANIC_REGISTRY ??=
    registry;
}

/**
 * Engine errors carry a Rust span trace after the message ("   0: schema_engine_wasm::...").
 * People need the message (it names the migration and the database error), not the trace.
 */
export function engineErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message === "unreachable" || error.name === "RuntimeError") {
    return `The schema engine crashed${lastPanicMessage ? `: ${lastPanicMessage}` : ` (${error.message})`}`;
  }
  const lines = error.message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s+\d+: \S+::/.test(line));
  return (traceStart >= 0 ? lines.slice(0, traceStart) : lines).join("\n").trim();
}
