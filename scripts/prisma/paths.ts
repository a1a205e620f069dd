// Where the Prisma tooling finds its inputs. Resolved from this file, not from process.cwd(), so
// the scripts work from any directory (npm runs them from the project root, tests may not).
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export type Provider = "sqlite" | "postgresql";

/** The hand-written schema: the single source of truth, written for SQLite. */
export const SOURCE_SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma", "schema.prisma");

/** Derived from the source schema by generate.ts; committed so reviewers see what PostgreSQL gets. */
export const POSTGRES_SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma", "postgresql", "schema.prisma");

/** Prisma's standard layout: <dir>/migration_lock.toml and <dir>/<timestamp>_<name>/migration.sql. */
export function migrationsDirFor(provider: Provider, prismaDir = path.join(PROJECT_ROOT, "prisma")): string {
  return provider === "sqlite" ? path.join(prismaDir, "migrations") : path.join(prismaDir, "postgresql", "migrations");
}

export function schemaPathFor(provider: Provider, prismaDir = path.join(PROJECT_ROOT, "prisma")): string {
  return provider === "sqlite"
    ? path.join(prismaDir, "schema.prisma")
    : path.join(prismaDir, "postgresql", "schema.prisma");
}
