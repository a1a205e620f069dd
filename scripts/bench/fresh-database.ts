// A throwaway database for a benchmark: an embedded SQLite file in a temp folder, or, when
// `serverUrl` (default DATABASE_URL) is a postgresql:// server URL, a temporary database on that
// server (created here, dropped by cleanup). Migrating and seeding it is the caller's business.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPgDatabase, dropPgDatabase } from "../prisma/pg-connection";

export type BenchDb = {
  kind: "sqlite" | "postgresql";
  url: string;
  display: string;
  cleanup(): Promise<void>;
};

export async function freshDatabase(prefix: string, serverUrl = process.env.DATABASE_URL): Promise<BenchDb> {
  const configured = serverUrl?.trim() ?? "";
  if (/^postgres(ql)?:\/\//.test(configured)) {
    const name = `${prefix}_${randomBytes(5).toString("hex")}`;
    const url = await createPgDatabase(configured, name);
    return {
      kind: "postgresql",
      url,
      display: `PostgreSQL (temporary database ${name})`,
      cleanup: () => dropPgDatabase(configured, name),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, "-")}-`));
  const url = `file:${path.join(dir, "bench.db")}`;
  return {
    kind: "sqlite",
    url,
    display: "embedded SQLite (temp file)",
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
