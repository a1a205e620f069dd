// `prisma migrate resolve` for the wasm engine: after a migration failed and the database was
// fixed by hand, record it as rolled back (deploy will try it again) or as applied (skip it).
import { openSchemaEngine } from "./engine";
import { readMigrationList } from "./migration-folder";
import type { MigrationTarget } from "./migration-target";

export type Resolution = "rolled-back" | "applied";

export async function resolveMigration(target: MigrationTarget, name: string, as: Resolution): Promise<void> {
  const engine = await openSchemaEngine({ schema: target.schema, adapterFactory: target.adapterFactory });
  try {
    if (as === "rolled-back") {
      await engine.markMigrationRolledBack({ migrationName: name });
    } else {
      const migrationsList = await readMigrationList(target.migrationsDir);
      await engine.markMigrationApplied({ migrationName: name, migrationsList });
    }
  } finally {
    engine.free();
    await target.adapterFactory.closeAll();
  }
}
