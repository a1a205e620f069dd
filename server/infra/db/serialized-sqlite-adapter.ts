// The better-sqlite3 adapter runs everything on ONE connection and only serialises transactions
// against each other: a query outside a transaction that arrives while one is open runs inside it
// (it sees uncommitted rows, and its write is undone if that transaction rolls back). Found by the
// external_id race test: a failed order's release of its Idempotency-Key ran inside another
// order's failing transaction and was rolled back with it, leaving the key stuck "in flight".
// This wrapper makes a statement outside a transaction wait until the open transaction ends.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { withStatementCache } from "./sqlite-statement-cache";

/** A FIFO lock: `acquire` resolves to its `release`. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => released);
    await previous;
    return release;
  };
}

function serializeAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const acquire = createLock();
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => exclusive(() => adapter.queryRaw(query)),
    executeRaw: (query) => exclusive(() => adapter.executeRaw(query)),
    executeScript: (script) => exclusive(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    async startTransaction(isolationLevel) {
      const release = await acquire();
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      let open = true;
      const end = async (finish: () => Promise<void>) => {
        try {
          await finish();
        } finally {
          if (open) {
            open = false;
            release();
          }
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (query) => tx.queryRaw(query),
        executeRaw: (query) => tx.executeRaw(query),
        commit: () => end(() => tx.commit()),
        rollback: () => end(() => tx.rollback()),
        createSavepoint: tx.createSavepoint?.bind(tx),
        rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
        releaseSavepoint: tx.releaseSavepoint?.bind(tx),
      };
    },
  };
}

export function serializedSqliteAdapter<F extends SqlDriverAdapterFactory>(
  factory: F,
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serializeAdapter(withStatementCache(await factory.connect())),
  };
}
