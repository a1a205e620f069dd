// Derives the PostgreSQL schema from the SQLite one. A Prisma schema's provider cannot come from an
// environment variable, so PostgreSQL gets its own schema file; it is generated (never edited) so
// the two cannot drift apart, and schema-drift.test.ts fails when the committed copy is stale.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, schemaPathFor } from "./paths";

const HEADER = `// GENERATED FILE - DO NOT EDIT.
// Derived from prisma/schema.prisma by \`npm run db:generate\` (scripts/prisma/generate.ts): the
// datasource provider and the client output folder differ, and the source's "// postgresql: "
// lines are written here without that prefix. Edit prisma/schema.prisma instead.

`;

const SQLITE_PROVIDER = /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/;
/**
 * A line of the source that only PostgreSQL can express (a GIN trigram index, say), kept as a
 * comment there so SQLite ignores it. Declaring it in the PostgreSQL schema, rather than only in a
 * migration, keeps the engine's diff from dropping it in the next migration.
 */
const POSTGRES_ONLY_LINE = /^(\s*)\/\/ postgresql: /gm;
const SQLITE_OUTPUT = /(generator\s+\w+\s*\{[^}]*?output\s*=\s*)"\.\.\/server\/infra\/db\/generated\/sqlite"/;

/** The PostgreSQL schema text for a given SQLite schema text. Throws if the source moved away from the expected shape. */
export function derivePostgresSchema(sqliteSchema: string): string {
  if (!SQLITE_PROVIDER.test(sqliteSchema)) {
    throw new Error('prisma/schema.prisma: expected a datasource with provider = "sqlite"');
  }
  if (!SQLITE_OUTPUT.test(sqliteSchema)) {
    throw new Error(
      'prisma/schema.prisma: expected the generator output = "../server/infra/db/generated/sqlite"',
    );
  }
  // The derived file lives one folder deeper (prisma/postgresql/), hence the extra "../".
  const derived = sqliteSchema
    .replace(SQLITE_PROVIDER, '$1"postgresql"')
    .replace(SQLITE_OUTPUT, '$1"../../server/infra/db/generated/postgresql"')
    .replace(POSTGRES_ONLY_LINE, "$1");
  return HEADER + derived;
}

/** What prisma/postgresql/schema.prisma should contain right now. */
export async function expectedPostgresSchema(): Promise<string> {
  return derivePostgresSchema(await readFile(schemaPathFor("sqlite"), "utf8"));
}

export const POSTGRES_SCHEMA_DISPLAY = path.relative(PROJECT_ROOT, schemaPathFor("postgresql"));
