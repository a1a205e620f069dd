// Plain pg helpers for the migration scripts: readable connection errors, and creating / dropping
// scratch databases with explicit URLs. (pg lets a connectionString override an explicit
// `database` field, which is how adapter-pg's own shadow handling ends up on the real database:
// docs/architecture.md, migration workaround 6. Every URL here is rebuilt with the database in
// its path instead.)
import pg from "pg";

const CONNECT_TIMEOUT_MS = 5_000;

/** `host:port/database`, without user or password: safe to print. */
export function describePgUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * pg settings for a URL. Like the app (server/infra/db/client.ts), we use the connection's default
 * schema (public); Prisma's `?schema=` parameter is not supported by either.
 */
export function pgPoolConfig(url: string): pg.PoolConfig {
  return { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 2 };
}

export class PgConnectionError extends Error {
  override name = "PgConnectionError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ECONNRESET",
]);

/** One readable line for a failed connection, naming the server but never the password. */
export function explainPgError(error: unknown, url: string): PgConnectionError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const where = describePgUrl(url);
  if (code && UNREACHABLE.has(code))
    return new PgConnectionError(`Cannot reach PostgreSQL at ${where} (${code})`, code);
  if (/timeout/i.test(message))
    return new PgConnectionError(`Cannot reach PostgreSQL at ${where} (timed out)`, code);
  if (code === "3D000") return new PgConnectionError(`PostgreSQL database does not exist: ${where}`, code);
  if (code === "28P01" || code === "28000") {
    return new PgConnectionError(`PostgreSQL refused the credentials for ${where}: ${message}`, code);
  }
  return new PgConnectionError(`PostgreSQL error at ${where}: ${message}`, code);
}

/** Runs one function on a short-lived client; connection failures become PgConnectionError. */
export async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgPoolConfig(url));
  // An error event on an idle client would otherwise crash the process with a stack trace.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw explainPgError(error, url);
  }
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database the URL names when it is missing. Returns true when it created it. */
export async function ensurePgDatabase(url: string): Promise<boolean> {
  try {
    await withPgClient(url, async () => {});
    return false;
  } catch (error) {
    if (!(error instanceof PgConnectionError) || error.code !== "3D000") throw error;
  }
  await withPgClient(withDatabase(url, "postgres"), (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(databaseNameOf(url))}`),
  );
  return true;
}

export async function createPgDatabase(serverUrl: string, database: string): Promise<string> {
  await withPgClient(withDatabase(serverUrl, "postgres"), (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(database)}`),
  );
  return withDatabase(serverUrl, database);
}

export async function dropPgDatabase(serverUrl: string, database: string): Promise<void> {
  await withPgClient(withDatabase(serverUrl, "postgres"), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
  );
}

/** Empties a database's public schema: the engine expects an empty shadow database on every open. */
export async function resetPgSchema(url: string): Promise<void> {
  await withPgClient(url, (client) =>
    client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
  );
}
