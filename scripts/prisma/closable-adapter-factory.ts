// The engine opens connections through the adapter factory and does not always dispose of them
// (freeing the engine does not reach back into JS). We keep track of every adapter handed out and
// close whatever is still open when a command ends, so tests and long-lived callers leak nothing.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type ClosableAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Disposes every adapter this factory opened and has not disposed yet. */
  closeAll(): Promise<void>;
};

export function closableAdapterFactory(base: SqlMigrationAwareDriverAdapterFactory): ClosableAdapterFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    let disposed: Promise<void> | undefined;
    const tracked: SqlDriverAdapter = {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      queryRaw: (query) => adapter.queryRaw(query),
      executeRaw: (query) => adapter.executeRaw(query),
      executeScript: (script) => adapter.executeScript(script),
      startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
      getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
      // Idempotent: the engine and closeAll() may both dispose (pg's Pool.end() throws the second time).
      dispose: () => {
        open.delete(tracked);
        disposed ??= adapter.dispose();
        return disposed;
      },
    };
    open.add(tracked);
    return tracked;
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => track(await base.connect()),
    connectToShadowDb: async () => track(await base.connectToShadowDb()),
    closeAll: async () => {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}
