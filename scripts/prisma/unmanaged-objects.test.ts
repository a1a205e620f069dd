// What db:migration:create keeps out of, or adds to, the engine's SQLite script for the objects
// our migrations make by hand (unmanaged-objects.ts). The whole command runs in migrate.test.ts.
import { describe, expect, it } from "vitest";
import {
  rebuiltTablesWithTriggers,
  triggerWarning,
  withoutUnmanagedSqliteObjects,
} from "./unmanaged-objects";

const dropSection = (table: string) =>
  `-- DropTable\nPRAGMA foreign_keys=off;\nDROP TABLE "${table}";\nPRAGMA foreign_keys=on;`;
const warning = (table: string) =>
  `  - You are about to drop the \`${table}\` table. If the table is not empty, all the data it contains will be lost.`;

describe("withoutUnmanagedSqliteObjects", () => {
  it("is null when the script only drops the FTS5 table and its shadow tables", () => {
    const tables = ["CustomerSearch", "CustomerSearch_config", "CustomerSearch_data", "CustomerSearch_idx"];
    const script = `/*\n  Warnings:\n\n${tables.map(warning).join("\n")}\n\n*/\n${tables.map(dropSection).join("\n\n")}\n`;
    expect(withoutUnmanagedSqliteObjects(script)).toBeNull();
  });

  it("keeps every other statement and warning as written", () => {
    const kept = `-- AlterTable\nALTER TABLE "Partner" ADD COLUMN "note" TEXT;`;
    const script = `/*\n  Warnings:\n\n${warning("Old")}\n${warning("CustomerSearch")}\n\n*/\n${dropSection("Old")}\n\n${dropSection("CustomerSearch_content")}\n\n${kept}\n`;
    expect(withoutUnmanagedSqliteObjects(script)).toBe(
      `/*\n  Warnings:\n\n${warning("Old")}\n\n*/\n${dropSection("Old")}\n\n${kept}\n`,
    );
  });

  it("leaves a table whose name only starts like an unmanaged one", () => {
    const script = `${dropSection("CustomerSearchHistory")}\n`;
    expect(withoutUnmanagedSqliteObjects(script)).toBe(script);
  });
});

describe("rebuiltTablesWithTriggers", () => {
  it("names a rebuilt table that has triggers, with the migration to copy them from", () => {
    const script = `-- RedefineTables\nCREATE TABLE "new_Customer" ("id" TEXT);\nINSERT INTO "new_Customer" SELECT "id" FROM "Customer";\nDROP TABLE "Customer";\nALTER TABLE "new_Customer" RENAME TO "Customer";\n`;
    expect(rebuiltTablesWithTriggers(script)).toEqual(["Customer"]);
    expect(triggerWarning(["Customer"])).toContain("20261203092257_customer_search_and_keyset_indexes");
    expect(rebuiltTablesWithTriggers(`ALTER TABLE "Customer" ADD COLUMN "x" TEXT;`)).toEqual([]);
  });
});
