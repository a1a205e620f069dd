// Applies the pending migrations to one database, like `prisma migrate deploy`: creates the database
// when missing, never generates SQL, never resets anything.
import { existsSync } from "node:fs";
import { openSchemaEngine } from "./engine";
import { readMigrationList } from "./migration-folder";
import { type MigrationTarget, migrationTargetFor } from "./migration-target";
import { ensurePgDatabase } from "./pg-connection";
import { prepareSqliteFile } from "./sqlite-adapter";

/** Prisma config's external tables/enums: we have none. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export type DeployResult = {
  /** The database file or PostgreSQL database did not exist and was created. */
  createdDatabase: boolean;
  /** Migration folders found, in order. */
  migrations: string[];
  /** The ones applied by this run (empty when already up to date). */
  applied: string[];
};

export async function deployMigrations(target: MigrationTarget): Promise<DeployResult> {
  let createdDatabase: boolean;
  if (target.database.kind === "sqlite") {
    createdDatabase = !existsSync(target.database.file);
    // Also switches the file to WAL, the journal mode the app runs with.
    prepareSqliteFile(target.database.file);
  } else {
    createdDatabase = await ensurePgDatabase(target.database.url);
  }
  const migrationsList = await readMigrationList(target.migrationsDir);
  const migrations = migrationsList.migrationDirectories.map((dir) => dir.path);
  if (migrations.length === 0) return { createdDatabase, migrations, applied: [] };
  const engine = await openSchemaEngine({ schema: target.schema, adapterFactory: target.adapterFactory });
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { createdDatabase, migrations, applied: appliedMigrationNames };
  } finally {
    engine.free();
    await target.adapterFactory.closeAll();
  }
}

/**
 * Migrates whatever a DATABASE_URL-like setting names (absent: data/portal.db). For tests and
 * tools that need a migrated database without spawning `npm run db:migrate`.
 */
export async function migrateDatabase(databaseUrl: string | undefined): Promise<DeployResult> {
  return deployMigrations(await migrationTargetFor(databaseUrl));
}
