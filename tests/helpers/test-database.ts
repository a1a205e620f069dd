// A fresh, migrated database for one test file: an embedded SQLite file in a temp folder, or —
// when TEST_DATABASE_URL is a postgresql:// server URL (CI's second run) — a new PostgreSQL
// database on that server, dropped afterwards. Migrations run through the same code as
// `npm run db:migrate`, so tests exercise the real schema.

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase } from "../../scripts/prisma/deploy";
import { createPgDatabase, dropPgDatabase } from "../../scripts/prisma/pg-connection";
import { createDbClient, type Db } from "../../server/infra/db/client";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";

export type TestDatabase = { db: Db; url: string; kind: "sqlite" | "postgresql"; close(): Promise<void> };

export function testDatabaseKind(): "sqlite" | "postgresql" {
  return /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? "";
  if (testDatabaseKind() === "postgresql") {
    const name = `portal_test_${randomBytes(6).toString("hex")}`;
    const url = await createPgDatabase(serverUrl, name);
    await migrateDatabase(url);
    const db = createDbClient(resolveDatabaseTarget(url, dataDirOf(process.env)), { poolSize: 20 });
    return {
      db,
      url,
      kind: "postgresql",
      async close() {
        await db.$disconnect();
        await dropPgDatabase(serverUrl, name);
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "portal-test-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrateDatabase(url);
  const db = createDbClient(resolveDatabaseTarget(url, dataDirOf(process.env)));
  return {
    db,
    url,
    kind: "sqlite",
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
