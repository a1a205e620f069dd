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

  it("differs from the source only in the header, the provider, the client output and the PostgreSQL-only lines", () => {
    const source = readFileSync(schemaPathFor("sqlite"), "utf8");
    const derivedLines = derivePostgresSchema(source).split("\n");
    const sourceLines = new Set(source.split("\n"));
    const postgresOnly = source
      .split("\n")
      .filter((line) => line.trim().startsWith("// postgresql: "))
      .map((line) => line.trim().slice("// postgresql: ".length));
    const changed = derivedLines.filter(
      (line) => !sourceLines.has(line) && !line.startsWith("//") && line !== "",
    );
    expect(changed.map((line) => line.trim())).toEqual([
      'output       = "../../server/infra/db/generated/postgresql"',
      'provider = "postgresql"',
      ...postgresOnly,
    ]);
  });

  it("turns a '// postgresql: ' line of the source into that line, keeping its indent", () => {
    const source =
      'generator client {\n  output = "../server/infra/db/generated/sqlite"\n}\ndatasource db {\n  provider = "sqlite"\n}\n' +
      'model A {\n  x String\n  // postgresql: @@index([x(ops: raw("gin_trgm_ops"))], type: Gin)\n}\n';
    expect(derivePostgresSchema(source)).toContain(
      '\n  @@index([x(ops: raw("gin_trgm_ops"))], type: Gin)\n}',
    );
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
