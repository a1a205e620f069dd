// The better-sqlite3 adapter prepares every statement afresh (`client.prepare(sql).bind(args)`),
// and preparing is a quarter of the CPU a simple query costs here. Prisma's query plans are cached,
// so the same few dozen SQL strings come back again and again: this keeps their prepared
// statements and hands the adapter a fresh binding of a cached statement each time.
//
// It relies on how @prisma/adapter-better-sqlite3 (pinned exactly in package.json) uses its
// connection: a public `client` (the better-sqlite3 Database) on which it only calls
// `prepare(sql)`, then `.bind(args)` once, then `.reader` / `.columns()` / `.raw().all()` /
// `.run()`. sqlite-statement-cache.test.ts checks that contract; if the adapter ever stops
// exposing `client`, the cache is simply not installed.
import type Database from "better-sqlite3";

type Statement = Database.Statement<unknown[]>;

/** How many distinct SQL strings keep a prepared statement (the app uses well under a hundred). */
const MAX_STATEMENTS = 500;

/** The part of a statement the adapter uses after `bind(args)`. */
function boundStatement(stmt: Statement, args: unknown[], columns: () => Database.ColumnDefinition[]) {
  return {
    reader: stmt.reader,
    columns,
    raw: () => ({ all: () => stmt.raw(true).all(args) }),
    run: () => stmt.run(args),
  };
}

/**
 * What `prepare(sql)` gives the adapter: a statement that is bound once per use, never for good.
 * Its result columns are read once: they follow from the SQL text (Prisma names every column),
 * and better-sqlite3 builds a new array of objects on every `columns()` call.
 */
function reusableStatement(stmt: Statement) {
  let columns: Database.ColumnDefinition[] | undefined;
  const columnsOnce = () => {
    columns ??= stmt.columns();
    return columns;
  };
  return {
    get reader() {
      return stmt.reader;
    },
    columns: columnsOnce,
    bind: (args: unknown[]) => boundStatement(stmt, args, columnsOnce),
    run: (...args: unknown[]) => stmt.run(...args),
  };
}

/** Makes `connection.prepare` reuse prepared statements, least recently used dropped first. */
export function cachePreparedStatements(connection: Database.Database, max = MAX_STATEMENTS): void {
  const prepare = connection.prepare.bind(connection) as (sql: string) => Statement;
  const cache = new Map<string, ReturnType<typeof reusableStatement>>();
  (connection as { prepare: unknown }).prepare = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) {
      cache.delete(sql);
    } else {
      entry = reusableStatement(prepare(sql));
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, entry);
    return entry;
  };
}

/** Installs the cache on an adapter's connection when the adapter exposes one. */
export function withStatementCache<A extends object>(adapter: A): A {
  const connection = (adapter as { client?: unknown }).client;
  if (isDatabase(connection)) cachePreparedStatements(connection);
  return adapter;
}

function isDatabase(value: unknown): value is Database.Database {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { prepare?: unknown }).prepare === "function" &&
    typeof (value as { pragma?: unknown }).pragma === "function"
  );
}
