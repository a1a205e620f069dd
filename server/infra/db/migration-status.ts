// Is the database migrated? Compares the migration folders in the repository with Prisma's own
// `_prisma_migrations` table, using plain SQL on a connection the caller already has (or a
// short-lived one). Used by the app at start-up and by /api/health, and by `npm run db:status`.
//
// Deliberately free of the wasm schema engine (slow to load, CLI only) and of `server-only` (the
// CLI imports this file too). better-sqlite3 and pg are imported lazily, only when this module
// has to open its own connection.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { type DatabaseTarget, resolveDatabaseTarget } from "./target";

export type MigrationProvider = "sqlite" | "postgresql";

export type MigrationStatus = {
  provider: MigrationProvider;
  migrationsDir: string;
  /** false when the database has no `_prisma_migrations` table (fresh or never migrated). */
  hasMigrationsTable: boolean;
  /** Every migration folder is applied (finished, not rolled back) and none is failed. */
  upToDate: boolean;
  /** Folder names (in order) whose migration finished and was not rolled back. */
  applied: string[];
  /** Folder names not applied yet: `npm run db:migrate` applies them. */
  pending: string[];
  /** Started but never finished nor rolled back: needs a person (`prisma migrate resolve`). */
  failed: string[];
  /** Applied in the database but absent from the folder: the database is ahead of this code. */
  unknown: string[];
  /** Applied, but the file changed since (checksum differs). A warning, not a failure. */
  edited: string[];
};

/** A better-sqlite3 database, a pg Pool or Client, or a Prisma client: anything that runs SQL. */
export type MigrationStatusConnection =
  | { prepare(sql: string): { all(): unknown[] } }
  | { query(sql: string): Promise<{ rows: unknown[] }> }
  | { $queryRawUnsafe(sql: string): Promise<unknown> };

/** Which migrations folder a DATABASE_URL-like setting uses (absent or `file:` means SQLite). */
export function migrationProviderOf(databaseUrl: string | undefined): MigrationProvider {
  return /^\s*postgres(ql)?:\/\//.test(databaseUrl ?? "") ? "postgresql" : "sqlite";
}

/** prisma/migrations (SQLite) or prisma/postgresql/migrations, under the project root. */
export function migrationsDirOf(provider: MigrationProvider, projectRoot = process.cwd()): string {
  return provider === "sqlite"
    ? path.join(projectRoot, "prisma", "migrations")
    : path.join(projectRoot, "prisma", "postgresql", "migrations");
}

type MigrationFolder = { name: string; checksum: string };

/** Prisma's checksum of a migration: SHA-256 of migration.sql, hex. */
function checksumOf(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

export async function readMigrationFolders(migrationsDir: string): Promise<MigrationFolder[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const folders: MigrationFolder[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const script = await readFile(path.join(migrationsDir, entry.name, "migration.sql"), "utf8").catch(
      () => null,
    );
    if (script !== null) folders.push({ name: entry.name, checksum: checksumOf(script) });
  }
  // Prisma applies migrations in folder-name order (the names start with a timestamp).
  return folders.sort((a, b) => a.name.localeCompare(b.name));
}

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
};

async function runQuery(
  connection: MigrationStatusConnection,
  sql: string,
): Promise<Record<string, unknown>[]> {
  // Prisma first: a model could one day be called `query` or `prepare` and appear as a property.
  if ("$queryRawUnsafe" in connection)
    return (await connection.$queryRawUnsafe(sql)) as Record<string, unknown>[];
  if ("prepare" in connection) return connection.prepare(sql).all() as Record<string, unknown>[];
  return (await connection.query(sql)).rows as Record<string, unknown>[];
}

const TABLE_EXISTS_SQL: Record<MigrationProvider, string> = {
  sqlite: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
  postgresql:
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'",
};

const ROWS_SQL =
  "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at";

async function readMigrationRows(
  provider: MigrationProvider,
  connection: MigrationStatusConnection,
): Promise<MigrationRow[] | null> {
  const [exists] = await runQuery(connection, TABLE_EXISTS_SQL[provider]);
  if (!exists || Number(exists.n) === 0) return null;
  return (await runQuery(connection, ROWS_SQL)) as MigrationRow[];
}

/** Pure comparison of the folders with the table rows (null: no table). */
export function compareMigrations(
  provider: MigrationProvider,
  migrationsDir: string,
  folders: MigrationFolder[],
  rows: MigrationRow[] | null,
): MigrationStatus {
  const live = (rows ?? []).filter((row) => row.rolled_back_at === null || row.rolled_back_at === undefined);
  const finished = new Map<string, MigrationRow>();
  const failed = new Set<string>();
  for (const row of live) {
    if (row.finished_at === null || row.finished_at === undefined) failed.add(row.migration_name);
    else finished.set(row.migration_name, row);
  }
  const folderNames = new Set(folders.map((folder) => folder.name));
  const applied = folders.filter((folder) => finished.has(folder.name)).map((folder) => folder.name);
  const pending = folders.filter((folder) => !finished.has(folder.name)).map((folder) => folder.name);
  const edited = folders
    .filter((folder) => {
      const row = finished.get(folder.name);
      return row !== undefined && row.checksum !== folder.checksum;
    })
    .map((folder) => folder.name);
  const unknown = [...finished.keys()].filter((name) => !folderNames.has(name));
  return {
    provider,
    migrationsDir,
    hasMigrationsTable: rows !== null,
    upToDate: pending.length === 0 && failed.size === 0,
    applied,
    pending,
    failed: [...failed],
    unknown,
    edited,
  };
}

export type MigrationStatusOptions = {
  /** Where prisma/ lives; default process.cwd() (where `next start` and npm scripts run). */
  projectRoot?: string;
  /** Overrides the migrations folder entirely (tests use temporary copies). */
  migrationsDir?: string;
};

/**
 * The migration status of the database a DATABASE_URL-like setting names, read through a
 * connection the caller already has open (the app passes its Prisma client). Never changes anything.
 */
export async function readMigrationStatus(
  databaseUrl: string | undefined,
  connection: MigrationStatusConnection,
  options: MigrationStatusOptions = {},
): Promise<MigrationStatus> {
  const provider = migrationProviderOf(databaseUrl);
  const migrationsDir = options.migrationsDir ?? migrationsDirOf(provider, options.projectRoot);
  const [folders, rows] = await Promise.all([
    readMigrationFolders(migrationsDir),
    readMigrationRows(provider, connection),
  ]);
  return compareMigrations(provider, migrationsDir, folders, rows);
}

/**
 * Same, on a short-lived connection of its own. A missing SQLite file or PostgreSQL database is
 * reported as "nothing applied" (and is not created); an unreachable server throws.
 */
export async function checkMigrationStatus(
  databaseUrl: string | undefined,
  options: MigrationStatusOptions & { dataDir: string },
): Promise<MigrationStatus> {
  const target = resolveDatabaseTarget(databaseUrl, options.dataDir);
  const provider = migrationProviderOf(databaseUrl);
  const migrationsDir = options.migrationsDir ?? migrationsDirOf(provider, options.projectRoot);
  const folders = await readMigrationFolders(migrationsDir);
  const rows = await withOwnConnection(target, (connection) => readMigrationRows(provider, connection));
  return compareMigrations(provider, migrationsDir, folders, rows === "no-database" ? null : rows);
}

async function withOwnConnection<T>(
  target: DatabaseTarget,
  use: (connection: MigrationStatusConnection) => Promise<T>,
): Promise<T | "no-database"> {
  if (target.kind === "sqlite") {
    if (!existsSync(target.file)) return "no-database";
    const { default: Database } = await import("better-sqlite3");
    // Read-only: a status check must never create or change the file.
    const db: BetterSqlite3.Database = new Database(target.file, { readonly: true, fileMustExist: true });
    try {
      return await use(db);
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    // 3D000: the database does not exist yet, which for a status check just means "nothing applied".
    if ((error as { code?: string }).code === "3D000") return "no-database";
    throw error;
  }
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
