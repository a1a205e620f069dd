// Creates a new migration from the schema change, for SQLite and PostgreSQL, like
// `prisma migrate dev --create-only`: it writes migration folders and applies nothing to any real
// database. The engine diffs "all existing migrations replayed on an empty shadow database"
// against the schema, so each provider gets scratch databases that are thrown away afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ClosableAdapterFactory } from "./closable-adapter-factory";
import { NO_FILTERS } from "./deploy";
import { openSchemaEngine } from "./engine";
import { readMigrationList, writeMigration } from "./migration-folder";
import { type SchemaFile, schemaFor } from "./migration-target";
import { migrationsDirFor, PRISMA_DIR, type Provider } from "./paths";
import { pgAdapterFactory } from "./pg-adapter";
import {
  createPgDatabase,
  describePgUrl,
  dropPgDatabase,
  PgConnectionError,
  withDatabase,
  withPgClient,
} from "./pg-connection";
import { prepareSqliteFile, sqliteAdapterFactory } from "./sqlite-adapter";
import {
  rebuiltTablesWithTriggers,
  triggerWarning,
  withoutUnmanagedSqliteObjects,
} from "./unmanaged-objects";

/** The PostgreSQL of our build machines and CI: local, trust authentication, user postgres. */
export const DEFAULT_PG_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type CreateMigrationOptions = {
  name: string;
  /** Defaults to the repository's prisma/ folder; tests pass a temporary copy. */
  prismaDir?: string;
  /**
   * An existing database the engine may empty at will (Prisma's SHADOW_DATABASE_URL). The engine
   * also needs a scratch "dev" database holding the existing migrations; that one is created on
   * the same server (so the user needs CREATEDB there) and dropped afterwards.
   */
  shadowDatabaseUrl?: string;
  /** Server on which to create the scratch databases; default DEFAULT_PG_SERVER_URL. */
  pgServerUrl?: string;
};

export type ProviderOutcome =
  | { provider: Provider; status: "created"; folder: string }
  | { provider: Provider; status: "no-changes" }
  | { provider: Provider; status: "skipped"; reason: string };

type Draft = { name: string; script: string; connectorType: string };

/** Prisma's CLI turns the name into a folder-safe slug the same way. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!slug) throw new Error(`Not a usable migration name: "${name}" (use letters, digits and _)`);
  return slug;
}

/**
 * The engine call sequence of `migrate dev`. The scratch main database gets the existing
 * migrations first (devDiagnostic and diagnoseMigrationHistory fail without a _prisma_migrations
 * table: migration workaround 3 in docs/architecture.md), and createMigration can only open the
 * shadow database after those two ran on the same engine (workaround 2).
 */
async function draftMigration(
  schema: SchemaFile,
  migrationsDir: string,
  adapterFactory: ClosableAdapterFactory,
  slug: string,
): Promise<Draft | null> {
  const migrationsList = await readMigrationList(migrationsDir);
  const engine = await openSchemaEngine({ schema, adapterFactory });
  try {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (action.tag === "reset") {
      throw new Error(`The existing migrations in ${migrationsDir} do not replay cleanly:\n${action.reason}`);
    }
    await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: true,
      filters: NO_FILTERS,
    });
    const created = await engine.createMigration({
      migrationsList,
      schema: { files: [schema] },
      migrationName: slug,
      draft: false,
      filters: NO_FILTERS,
    });
    if (created.migrationScript === null) return null;
    return {
      name: created.generatedMigrationName,
      script: created.migrationScript,
      connectorType: created.connectorType,
    };
  } finally {
    engine.free();
    await adapterFactory.closeAll();
  }
}

async function draftSqlite(prismaDir: string, slug: string): Promise<Draft | null> {
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), "prisma-migrate-create-"));
  try {
    const scratchFile = path.join(scratchDir, "scratch.db");
    prepareSqliteFile(scratchFile);
    // The shadow database is an in-memory one, opened fresh by the adapter each time.
    const draft = await draftMigration(
      await schemaFor("sqlite", prismaDir),
      migrationsDirFor("sqlite", prismaDir),
      sqliteAdapterFactory(scratchFile),
      slug,
    );
    const script = draft && withoutUnmanagedSqliteObjects(draft.script);
    if (!draft || !script) return null;
    const rebuilt = rebuiltTablesWithTriggers(script);
    if (rebuilt.length === 0) return { ...draft, script };
    console.warn(
      `SQLite: the migration rebuilds ${rebuilt.join(", ")}; re-create their triggers (see its first lines).`,
    );
    return { ...draft, script: `${triggerWarning(rebuilt)}\n${script}` };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** Resolves to a reason when PostgreSQL cannot be used, so the caller can carry on with SQLite. */
async function unreachableReason(url: string): Promise<string | null> {
  try {
    await withPgClient(url, async () => {});
    return null;
  } catch (error) {
    if (error instanceof PgConnectionError) return error.message;
    throw error;
  }
}

async function draftPostgres(
  prismaDir: string,
  slug: string,
  options: CreateMigrationOptions,
): Promise<Draft | null | { skipped: string }> {
  const serverUrl = options.shadowDatabaseUrl ?? options.pgServerUrl ?? DEFAULT_PG_SERVER_URL;
  const probeUrl = options.shadowDatabaseUrl ?? withDatabase(serverUrl, "postgres");
  const reason = await unreachableReason(probeUrl);
  if (reason) return { skipped: reason };

  // Our own scratch databases, created and dropped with explicit names (workaround 6: adapter-pg's
  // shadow handling leaks databases and can end up on the real one).
  const suffix = `${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const scratchNames = [`prisma_migrate_dev_${suffix}`];
  try {
    const mainUrl = await createPgDatabase(serverUrl, scratchNames[0] as string);
    let shadowUrl = options.shadowDatabaseUrl;
    if (!shadowUrl) {
      scratchNames.push(`prisma_migrate_shadow_${suffix}`);
      shadowUrl = await createPgDatabase(serverUrl, scratchNames[1] as string);
    }
    return await draftMigration(
      await schemaFor("postgresql", prismaDir),
      migrationsDirFor("postgresql", prismaDir),
      pgAdapterFactory(mainUrl, shadowUrl),
      slug,
    );
  } finally {
    for (const name of scratchNames) {
      await dropPgDatabase(serverUrl, name).catch((error: unknown) => {
        console.error(
          `Could not drop the scratch database ${name} on ${describePgUrl(serverUrl)}: ${String(error)}`,
        );
      });
    }
  }
}

export async function createMigrations(options: CreateMigrationOptions): Promise<ProviderOutcome[]> {
  const prismaDir = options.prismaDir ?? PRISMA_DIR;
  const slug = migrationSlug(options.name);
  // Both drafts first, then the files: a PostgreSQL failure leaves no half-made pair behind.
  const sqlite = await draftSqlite(prismaDir, slug);
  const postgres = await draftPostgres(prismaDir, slug, options);

  const outcomes: ProviderOutcome[] = [];
  if (sqlite) {
    const folder = await writeMigration({ migrationsDir: migrationsDirFor("sqlite", prismaDir), ...sqlite });
    outcomes.push({ provider: "sqlite", status: "created", folder });
  } else {
    outcomes.push({ provider: "sqlite", status: "no-changes" });
  }
  if (postgres && "skipped" in postgres) {
    outcomes.push({ provider: "postgresql", status: "skipped", reason: postgres.skipped });
  } else if (postgres) {
    // Same folder name as its SQLite twin (the engine's timestamps may differ by a second), so
    // the pair is easy to see and a test can check that every migration exists for both.
    const folder = await writeMigration({
      migrationsDir: migrationsDirFor("postgresql", prismaDir),
      ...postgres,
      name: sqlite?.name ?? postgres.name,
    });
    outcomes.push({ provider: "postgresql", status: "created", folder });
  } else {
    outcomes.push({ provider: "postgresql", status: "no-changes" });
  }
  return outcomes;
}
