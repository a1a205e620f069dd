// Where the Prisma tooling finds its inputs. Resolved from this file, not from process.cwd(), so
// the scripts work from any directory (npm runs them from the project root, tests may not).
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

/** The folder holding schema.prisma (the source of truth), postgresql/ and the migrations. */
export const PRISMA_DIR = path.join(PROJECT_ROOT, "prisma");

export type Provider = "sqlite" | "postgresql";

/** prisma/schema.prisma (hand-written, SQLite) or prisma/postgresql/schema.prisma (generated from it). */
export function schemaPathFor(provider: Provider, prismaDir = PRISMA_DIR): string {
  return provider === "sqlite"
    ? path.join(prismaDir, "schema.prisma")
    : path.join(prismaDir, "postgresql", "schema.prisma");
}

/** Prisma's standard layout: <dir>/migration_lock.toml and <dir>/<timestamp>_<name>/migration.sql. */
export function migrationsDirFor(provider: Provider, prismaDir = PRISMA_DIR): string {
  return provider === "sqlite"
    ? path.join(prismaDir, "migrations")
    : path.join(prismaDir, "postgresql", "migrations");
}
