// Everything the engine needs to work on one database: which provider, its migrations folder, the
// schema text, and the driver adapter. Built from DATABASE_URL the same way the app reads it
// (server/infra/db/target.ts), so `db:migrate` always migrates the database the app will open.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { type DatabaseTarget, resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";
import type { ClosableAdapterFactory } from "./closable-adapter-factory";
import { migrationsDirFor, PRISMA_DIR, type Provider, schemaPathFor } from "./paths";
import { pgAdapterFactory } from "./pg-adapter";
import { describePgUrl } from "./pg-connection";
import { derivePostgresSchema } from "./postgres-schema";
import { sqliteAdapterFactory } from "./sqlite-adapter";

export type SchemaFile = { path: string; content: string };

export type MigrationTarget = {
  provider: Provider;
  database: DatabaseTarget;
  /** For messages: "SQLite data/portal.db" or "PostgreSQL 127.0.0.1:5432/portal" (never a password). */
  label: string;
  migrationsDir: string;
  schema: SchemaFile;
  adapterFactory: ClosableAdapterFactory;
};

/**
 * The schema for a provider, always derived from the SQLite source in memory: the engine then sees
 * exactly what the source says even if prisma/postgresql/schema.prisma was not regenerated yet.
 */
export async function schemaFor(provider: Provider, prismaDir = PRISMA_DIR): Promise<SchemaFile> {
  const source = await readFile(schemaPathFor("sqlite", prismaDir), "utf8");
  const content = provider === "sqlite" ? source : derivePostgresSchema(source);
  return { path: schemaPathFor(provider, prismaDir), content };
}

export function labelOf(database: DatabaseTarget): string {
  if (database.kind === "postgresql") return `PostgreSQL ${describePgUrl(database.url)}`;
  const relative = path.relative(process.cwd(), database.file);
  return `SQLite ${relative && !relative.startsWith("..") ? relative : database.file}`;
}

export async function migrationTargetFor(
  databaseUrl: string | undefined,
  prismaDir = PRISMA_DIR,
): Promise<MigrationTarget> {
  const database = resolveDatabaseTarget(databaseUrl, dataDirOf(process.env));
  const provider: Provider = database.kind;
  return {
    provider,
    database,
    label: labelOf(database),
    migrationsDir: migrationsDirFor(provider, prismaDir),
    schema: await schemaFor(provider, prismaDir),
    adapterFactory:
      database.kind === "sqlite" ? sqliteAdapterFactory(database.file) : pgAdapterFactory(database.url),
  };
}
