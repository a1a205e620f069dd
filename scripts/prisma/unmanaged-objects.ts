// Database objects our migrations make by hand because a Prisma schema cannot declare them: the
// FTS5 table behind customer search and the triggers that keep counters and that table. The
// engine diffs the schema against a database that has them, so without this list each new SQLite
// migration would start by dropping the FTS5 table (and its shadow tables; prisma/orm#8106), and
// a table the engine rebuilds ("RedefineTables": create a copy, drop the original, rename) would
// silently lose its triggers.

/** FTS5 virtual tables, each with the shadow tables SQLite makes for it. */
const SQLITE_VIRTUAL_TABLES = ["CustomerSearch"] as const;
const FTS5_SHADOW_SUFFIXES = ["", "_config", "_content", "_data", "_docsize", "_idx"] as const;

/** Tables with triggers, and the migration that defines them (to copy from after a rebuild). */
export const SQLITE_TABLES_WITH_TRIGGERS: Record<string, string> = {
  Subscription: "20261203061210_subscription_status_counts",
  Customer: "20261203092257_customer_search_and_keyset_indexes",
};

const unmanagedTables = new Set(
  SQLITE_VIRTUAL_TABLES.flatMap((table) => FTS5_SHADOW_SUFFIXES.map((suffix) => `${table}${suffix}`)),
);

/**
 * The engine's SQLite script without what it wrote about our unmanaged tables: their DROP TABLE
 * sections and their lines in the leading warnings comment. Null when nothing else is left.
 * Sections are the engine's blank-line separated blocks ("-- DropTable\nPRAGMA ...\nDROP ...").
 */
export function withoutUnmanagedSqliteObjects(script: string): string | null {
  const mentionsUnmanaged = (text: string) =>
    [...unmanagedTables].some((table) => text.includes(`\`${table}\``) || text.includes(`"${table}"`));
  const warnings = /^\/\*[\s\S]*?\*\/\n*/.exec(script)?.[0] ?? "";
  const keptWarnings = warnings
    .trimEnd()
    .split("\n")
    .filter((line) => !mentionsUnmanaged(line));
  const sections = script
    .slice(warnings.length)
    .split(/\n{2,}/)
    .filter((section) => section.trim() !== "")
    .filter((section) => !(section.startsWith("-- DropTable\n") && mentionsUnmanaged(section)));
  if (sections.length === 0) return null;
  const header = keptWarnings.some((line) => line.trim().startsWith("- "))
    ? `${keptWarnings.join("\n").replace(/\n{3,}/g, "\n\n")}\n`
    : "";
  return `${header}${sections.join("\n\n").trimEnd()}\n`;
}

/**
 * Tables with triggers that the script rebuilds (drops and re-creates from a copy): SQLite drops a
 * table's triggers with it, so the author must re-create them at the end of the migration.
 */
export function rebuiltTablesWithTriggers(script: string): string[] {
  return Object.keys(SQLITE_TABLES_WITH_TRIGGERS).filter((table) =>
    new RegExp(`DROP TABLE "${table}";`).test(script),
  );
}

/** The comment put at the top of such a migration, naming what to copy. */
export function triggerWarning(tables: string[]): string {
  const lines = tables.map(
    (table) =>
      `--   "${table}": copy its CREATE TRIGGER statements from migration ${SQLITE_TABLES_WITH_TRIGGERS[table]}`,
  );
  return [
    "-- TODO before committing: this migration rebuilds tables that have triggers, and SQLite drops a",
    "-- table's triggers with it. Re-create them at the end of this file:",
    ...lines,
    "",
  ].join("\n");
}
