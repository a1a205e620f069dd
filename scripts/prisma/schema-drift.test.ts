// The PostgreSQL schema and migrations are derived from the SQLite ones; these tests fail when a
// change to prisma/schema.prisma was not carried over (run `npm run db:generate`, and create
// migrations with `npm run db:migration:create`, which writes both providers).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationsDirFor, schemaPathFor } from "./paths";
import { derivePostgresSchema, expectedPostgresSchema } from "./postgres-schema";

const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe("prisma/postgresql/schema.prisma", () => {
  it("is what db:generate derives from prisma/schema.prisma (run `npm run db:generate` if this fails)", async () => {
    const committed = readFileSync(schemaPathFor("postgresql"), "utf8");
    expect(committed).toBe(await expectedPostgresSchema());
  });

  it("differs from the source only in the header, the provider and the client output", () => {
    const source = readFileSync(schemaPathFor("sqlite"), "utf8");
    const derivedLines = derivePostgresSchema(source).split("\n");
    const sourceLines = new Set(source.split("\n"));
    const changed = derivedLines.filter(
      (line) => !sourceLines.has(line) && !line.startsWith("//") && line !== "",
    );
    expect(changed.map((line) => line.trim())).toEqual([
      'output       = "../../server/infra/db/generated/postgresql"',
      'provider = "postgresql"',
    ]);
  });

  it("refuses a source schema it does not recognise instead of deriving something wrong", () => {
    expect(() => derivePostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(
      /provider = "sqlite"/,
    );
  });
});

describe("migrations", () => {
  it("exist for both providers, in pairs with the same folder names", () => {
    const sqlite = migrationNames(migrationsDirFor("sqlite"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames(migrationsDirFor("postgresql"))).toEqual(sqlite);
  });

  it("have lock files naming their provider", () => {
    for (const provider of ["sqlite", "postgresql"] as const) {
      const lock = readFileSync(path.join(migrationsDirFor(provider), "migration_lock.toml"), "utf8");
      expect(lock).toContain(`provider = "${provider}"`);
    }
  });
});
