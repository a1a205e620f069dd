// The human-readable form of a migration status (`npm run db:status`).
import type { MigrationStatus } from "../../server/infra/db/migration-status";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const section = (title: string, names: string[]) => [title, ...names.map((name) => `  ${name}`)];

/** `folder` is the migrations folder as it should be shown (relative to where the user is). */
export function statusReport(label: string, status: MigrationStatus, folder: string): string {
  const total = status.applied.length + status.pending.length;
  const lines = [`Database: ${label}`, `Migrations: ${folder} (${total})`];
  if (status.failed.length > 0) {
    lines.push(
      ...section(
        "Failed (fix the database by hand, then: npm exec --no -- tsx scripts/prisma/migrate.ts resolve --rolled-back <name>):",
        status.failed,
      ),
    );
  }
  if (status.unknown.length > 0) {
    lines.push(
      ...section(
        `Applied in the database but not in ${folder} (the database is ahead of this code):`,
        status.unknown,
      ),
    );
  }
  if (status.edited.length > 0) {
    lines.push(
      ...section(
        "Warning: changed after they were applied (the database ran an older version):",
        status.edited,
      ),
    );
  }
  if (status.pending.length > 0) {
    lines.push(
      ...section(
        `Pending: ${status.pending.length} of ${total} not applied yet (run npm run db:migrate):`,
        status.pending,
      ),
    );
  } else if (status.upToDate && status.unknown.length === 0) {
    lines.push(`Up to date: ${plural(status.applied.length, "migration")} applied.`);
  }
  return lines.join("\n");
}
