// Two gaps between @prisma/adapter-pg and what the schema engine needs (docs/architecture.md,
// migration workaround 5), closed from outside the adapter so it stays the stock package.
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type pg from "pg";

/** PostgreSQL's internal one-byte `"char"` type, e.g. pg_constraint.contype. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg refuses `"char"` columns (it has no mapping for OID 18), but the engine reads them when
 * it introspects constraints. We relabel them as text on the pg side so the adapter accepts the
 * rows, remember which columns they were (keyed by the rows array, which adapter-pg passes through
 * unchanged), and report them to the engine as Character: reported as text, the engine panics
 * ("RuntimeError: unreachable") as soon as pg_constraint has rows.
 */
const charColumnsByRows = new WeakMap<object, number[]>();

type FieldLike = { dataTypeID: number };
type ResultLike = { fields?: FieldLike[]; rows?: unknown[] };

function relabelCharColumns(result: unknown): void {
  for (const one of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (one ?? {}) as ResultLike;
    if (!fields || !rows) continue;
    const charColumns: number[] = [];
    fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length > 0) charColumnsByRows.set(rows, charColumns);
  }
}

type QueryFn = (...args: unknown[]) => unknown;

/** Wraps one pg client's query() in both its callback form (used by Pool.query) and promise form. */
function relabelCharColumnsOf(client: pg.PoolClient): void {
  const target = client as unknown as { query: QueryFn };
  const original = target.query.bind(client) as QueryFn;
  target.query = (...args: unknown[]) => {
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (error: unknown, result: unknown) => void;
      args[callbackIndex] = (error: unknown, result: unknown) => {
        if (!error) relabelCharColumns(result);
        callback(error, result);
      };
      return original(...args);
    }
    const returned = original(...args);
    if (returned instanceof Promise) {
      return returned.then((result: unknown) => {
        relabelCharColumns(result);
        return result;
      });
    }
    return returned;
  };
}

/** Call on a pool before handing it to PrismaPg: every connection it opens gets the relabelling. */
export function relabelCharColumnsInPool(pool: pg.Pool): pg.Pool {
  pool.on("connect", relabelCharColumnsOf);
  return pool;
}

function reportCharColumns(resultSet: SqlResultSet): SqlResultSet {
  const charColumns = charColumnsByRows.get(resultSet.rows);
  for (const index of charColumns ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
  return resultSet;
}

/**
 * The adapter seen by the engine: char columns reported as Character, and scripts sent as ONE
 * query. adapter-pg's executeScript splits on ";" (which breaks `$$` bodies and runs each piece
 * outside a common transaction); one simple-protocol query with no parameters runs the whole
 * migration in one implicit transaction, as the native engine does.
 */
export function withEngineFixes(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const noArgs = { args: [], argTypes: [] } satisfies Omit<SqlQuery, "sql">;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query) => reportCharColumns(await adapter.queryRaw(query)),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, ...noArgs });
    },
    startTransaction: async (isolationLevel) => {
      const tx = await adapter.startTransaction(isolationLevel);
      const queryRaw = tx.queryRaw.bind(tx);
      tx.queryRaw = async (query) => reportCharColumns(await queryRaw(query));
      return tx;
    },
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}
