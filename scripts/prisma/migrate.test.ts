// Migrations against real databases: a temporary SQLite file always, a throw-away PostgreSQL
// database when 127.0.0.1:5432 answers (skipped otherwise), and migration creation in a temporary
// copy of prisma/ so the repository is never changed.

import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient } from "../../server/infra/db/client";
import {
  checkMigrationStatus,
  compareMigrations,
  readMigrationStatus,
} from "../../server/infra/db/migration-status";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";
import { createMigrations, DEFAULT_PG_SERVER_URL, migrationSlug } from "./create-migration";
import { deployMigrations } from "./deploy";
import { migrationTargetFor } from "./migration-target";
import { migrationsDirFor, PRISMA_DIR, PROJECT_ROOT, schemaPathFor } from "./paths";
import { dropPgDatabase, withDatabase, withPgClient } from "./pg-connection";

const folderNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** Table names the schema's models map to (no @@map in our schema). */
const modelTables = readFileSync(schemaPathFor("sqlite"), "utf8")
  .split("\n")
  .flatMap((line) => /^model (\w+) \{/.exec(line)?.[1] ?? []);

/** CI points TEST_DATABASE_URL at a server on which each test file makes its own database. */
const pgServerUrl = process.env.TEST_DATABASE_URL?.startsWith("postgres")
  ? process.env.TEST_DATABASE_URL
  : DEFAULT_PG_SERVER_URL;
const pgReachable = await withPgClient(pgServerUrl, async () => true).catch(() => false);

/** Port 1: refused at once, so "PostgreSQL unreachable" costs nothing. */
const UNREACHABLE_PG = "postgresql://postgres@127.0.0.1:1/postgres";

/** What the app does at start-up and in /api/health: ask through its own Prisma client. */
async function statusThroughPrismaClient(url: string) {
  const client = createDbClient(resolveDatabaseTarget(url, dataDirOf(process.env)));
  try {
    return await readMigrationStatus(url, client, { projectRoot: PROJECT_ROOT });
  } finally {
    await client.$disconnect();
  }
}

let tempDir: string;
beforeAll(() => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), "migrate-test-"));
});
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

describe("db:migrate on an empty SQLite file", () => {
  it("applies every migration once, in WAL mode, and reports the status before and after", async () => {
    const url = `file:${path.join(tempDir, "nested", "portal.db")}`;
    const migrations = folderNames(migrationsDirFor("sqlite"));

    const before = await checkMigrationStatus(url, {
      projectRoot: PROJECT_ROOT,
      dataDir: dataDirOf(process.env),
    });
    expect(before).toMatchObject({
      upToDate: false,
      hasMigrationsTable: false,
      applied: [],
      pending: migrations,
    });

    const first = await deployMigrations(await migrationTargetFor(url));
    expect(first).toMatchObject({ createdDatabase: true, applied: migrations });

    const db = new Database(path.join(tempDir, "nested", "portal.db"), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([...modelTables, "_prisma_migrations"]),
      );
      const rows = db
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL")
        .all();
      expect(rows).toEqual(migrations.map((migration_name) => ({ migration_name })));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      // The app's path: the same answer through a connection it already has open.
      const viaOpenConnection = await readMigrationStatus(url, db, { projectRoot: PROJECT_ROOT });
      expect(viaOpenConnection).toMatchObject({ upToDate: true, applied: migrations, pending: [] });
    } finally {
      db.close();
    }

    const second = await deployMigrations(await migrationTargetFor(url));
    expect(second).toMatchObject({ createdDatabase: false, applied: [] });
    const after = await checkMigrationStatus(url, {
      projectRoot: PROJECT_ROOT,
      dataDir: dataDirOf(process.env),
    });
    expect(after).toMatchObject({ upToDate: true, pending: [], failed: [], unknown: [], edited: [] });
    expect(await statusThroughPrismaClient(url)).toEqual(after);
  });
});

describe.skipIf(!pgReachable)("db:migrate on a fresh PostgreSQL database", () => {
  const database = `prisma_migrate_test_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgServerUrl, database);
  afterAll(() => dropPgDatabase(pgServerUrl, database));

  it("creates the database, applies every migration once, and reports the status before and after", async () => {
    const migrations = folderNames(migrationsDirFor("postgresql"));
    const before = await checkMigrationStatus(url, {
      projectRoot: PROJECT_ROOT,
      dataDir: dataDirOf(process.env),
    });
    expect(before).toMatchObject({ upToDate: false, hasMigrationsTable: false, pending: migrations });

    const first = await deployMigrations(await migrationTargetFor(url));
    expect(first).toMatchObject({ createdDatabase: true, applied: migrations });

    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { rows: tables } = await pool.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([...modelTables, "_prisma_migrations"]),
      );
      const viaOpenConnection = await readMigrationStatus(url, pool, { projectRoot: PROJECT_ROOT });
      expect(viaOpenConnection).toMatchObject({ upToDate: true, applied: migrations });
    } finally {
      await pool.end();
    }

    const second = await deployMigrations(await migrationTargetFor(url));
    expect(second).toMatchObject({ createdDatabase: false, applied: [] });
    const after = await checkMigrationStatus(url, {
      projectRoot: PROJECT_ROOT,
      dataDir: dataDirOf(process.env),
    });
    expect(after).toMatchObject({ upToDate: true, pending: [], failed: [], unknown: [], edited: [] });
    expect(await statusThroughPrismaClient(url)).toEqual(after);
  });
});

describe("db:migration:create", () => {
  it("writes a new migration for each provider after a schema change, and nothing when there is none", async () => {
    const prismaDir = path.join(tempDir, "prisma");
    cpSync(PRISMA_DIR, prismaDir, { recursive: true });
    const schemaPath = schemaPathFor("sqlite", prismaDir);
    const schema = readFileSync(schemaPath, "utf8");
    const changed = schema.replace(/^model Partner \{\n/m, "model Partner {\n  testOnlyNote String?\n");
    expect(changed).not.toBe(schema);
    writeFileSync(schemaPath, changed);

    // Without a reachable PostgreSQL, the PostgreSQL half is skipped with a reason (checked below).
    const serverUrl = pgReachable ? pgServerUrl : UNREACHABLE_PG;
    const outcomes = await createMigrations({
      name: "Add test-only note",
      prismaDir,
      pgServerUrl: serverUrl,
    });

    const [sqlite, postgres] = outcomes;
    expect(sqlite).toMatchObject({ provider: "sqlite", status: "created" });
    const sqliteFolder = sqlite?.status === "created" ? sqlite.folder : "";
    expect(path.basename(sqliteFolder)).toMatch(/^\d{14}_add_test_only_note$/);
    const sqliteScript = readFileSync(path.join(sqliteFolder, "migration.sql"), "utf8");
    expect(sqliteScript).toMatch(/ALTER TABLE "Partner" ADD COLUMN "testOnlyNote" TEXT/);
    // The FTS5 table of customer search is ours, not the schema's: never dropped by a diff.
    expect(sqliteScript).not.toMatch(/CustomerSearch/);
    if (pgReachable) {
      expect(postgres).toMatchObject({ provider: "postgresql", status: "created" });
      const pgFolder = postgres?.status === "created" ? postgres.folder : "";
      expect(path.basename(pgFolder)).toBe(path.basename(sqliteFolder));
      expect(readFileSync(path.join(pgFolder, "migration.sql"), "utf8")).toMatch(
        /ADD COLUMN\s+"testOnlyNote" TEXT/,
      );
    } else {
      expect(postgres).toMatchObject({ provider: "postgresql", status: "skipped" });
    }

    // PostgreSQL's "no changes" needs the same scratch databases again (seconds); SQLite's shows the rule.
    const again = await createMigrations({ name: "nothing", prismaDir, pgServerUrl: UNREACHABLE_PG });
    expect(again).toEqual([
      { provider: "sqlite", status: "no-changes" },
      {
        provider: "postgresql",
        status: "skipped",
        reason: expect.stringContaining("Cannot reach PostgreSQL"),
      },
    ]);
    expect(folderNames(migrationsDirFor("sqlite", prismaDir))).toEqual([
      ...folderNames(migrationsDirFor("sqlite")),
      path.basename(sqliteFolder),
    ]);
  }, 60_000);

  it("turns a human name into Prisma's folder slug", () => {
    expect(migrationSlug("Add invoices, v2!")).toBe("add_invoices_v2");
    expect(() => migrationSlug(" -- ")).toThrow(/Not a usable migration name/);
  });
});

describe("migration status comparison", () => {
  const folders = [
    { name: "1_a", checksum: "aa" },
    { name: "2_b", checksum: "bb" },
  ];
  const row = (migration_name: string, checksum: string, finished: boolean, rolledBack = false) => ({
    migration_name,
    checksum,
    finished_at: finished ? new Date() : null,
    rolled_back_at: rolledBack ? new Date() : null,
  });

  it("counts a rolled-back attempt as not applied, and a later success as applied", () => {
    const status = compareMigrations("sqlite", "x", folders, [
      row("1_a", "aa", true),
      row("2_b", "bb", false, true),
      row("2_b", "bb", true),
    ]);
    expect(status).toMatchObject({ upToDate: true, applied: ["1_a", "2_b"], failed: [], pending: [] });
  });

  it("reports failed, unknown and edited migrations", () => {
    const status = compareMigrations("postgresql", "x", folders, [
      row("1_a", "changed", true),
      row("2_b", "bb", false),
      row("0_gone", "zz", true),
    ]);
    expect(status).toMatchObject({
      upToDate: false,
      applied: ["1_a"],
      pending: ["2_b"],
      failed: ["2_b"],
      unknown: ["0_gone"],
      edited: ["1_a"],
    });
  });

  it("treats a database without _prisma_migrations as nothing applied", () => {
    expect(compareMigrations("sqlite", "x", folders, null)).toMatchObject({
      hasMigrationsTable: false,
      upToDate: false,
      pending: ["1_a", "2_b"],
    });
  });
});
