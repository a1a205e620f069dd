// Is the database reachable and fully migrated? Answers /api/health and the start-up check.
import { db } from "../db/db";
import { readMigrationStatus } from "../db/migration-status";
import { redactUrl } from "../db/target";
import { env } from "../env/env";

export type DatabaseHealth =
  | { ok: true }
  | { ok: false; problem: "unreachable" | "not_migrated"; detail: string; fix: string };

export async function databaseHealth(): Promise<DatabaseHealth> {
  const url = env().databaseUrl;
  try {
    const status = await readMigrationStatus(url, db());
    if (status.upToDate) return { ok: true };
    const waiting = [...new Set([...status.pending, ...status.failed])];
    return {
      ok: false,
      problem: "not_migrated",
      detail: status.failed.length
        ? `migration(s) failed half-way: ${status.failed.join(", ")}`
        : `${waiting.length} migration(s) not applied: ${waiting.join(", ")}`,
      fix: "run `npm run db:migrate` with the same DATABASE_URL",
    };
  } catch (error) {
    return {
      ok: false,
      problem: "unreachable",
      detail: `cannot reach the database (${url ? redactUrl(url) : "embedded data/portal.db"}): ${(error as Error).message.split("\n")[0]}`,
      fix: "check DATABASE_URL and that the database server is running",
    };
  }
}
