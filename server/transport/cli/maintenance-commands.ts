// `backup --to <file>`, `purge`, `summaries rebuild`, `--version`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { rebuildSalesSummaries } from "../../features/dashboard/rebuild-sales-summaries";
import { backupSqlite } from "../../features/maintenance/backup-sqlite";
import { purgeExpired } from "../../features/maintenance/purge";
import type { Db } from "../../infra/db/db";
import type { DatabaseTarget } from "../../infra/db/target";
import { type Flags, required } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";

export async function backup(target: DatabaseTarget, flags: Flags, out: Output) {
  if (target.kind !== "sqlite")
    throw new UsageError(
      "backup copies the embedded database; for PostgreSQL use pg_dump (see docs/operations.md)",
    );
  const to = required(flags, "to");
  let shown = -1;
  const result = await backupSqlite(target.file, to, (copied, total) => {
    const percent = total ? Math.floor((copied / total) * 100) : 100;
    if (percent >= shown + 10 || copied === total) {
      shown = percent;
      out.info(`backup: ${percent}% (${copied}/${total} pages)`);
    }
  });
  out.result(
    { backup: result },
    `Backed up ${result.from}\n  to ${result.to}\n  ${(result.bytes / 1024 / 1024).toFixed(1)} MiB in ${result.ms} ms (checked: ok)`,
  );
}

export async function purge(db: Db, out: Output) {
  const result = await purgeExpired(db, new Date(), (deleted) =>
    out.info(`purge: ${deleted} idempotency records deleted`),
  );
  out.result(
    { purged: result },
    `Purged ${result.idempotencyRecords} expired idempotency records, ${result.signInBrakes} forgotten sign-in brakes, ${result.failedJobs} old failed jobs, ${result.providerEvents} old provider event ids, ${result.webhookDeliveries} old webhook deliveries and ${result.rateLimitBuckets} idle rate-limit buckets in ${result.ms} ms`,
  );
}

export async function summariesRebuild(db: Db, out: Output) {
  out.info(
    "summaries: recomputing the dashboard's sales summaries from the orders, and its subscription counts...",
  );
  const result = await rebuildSalesSummaries(db);
  out.result(
    { summaries: result },
    `Rebuilt the sales summaries: ${result.orderDays} order-day rows, ${result.offerDays} offer-day rows and ${result.subscriptionCounts} subscription counts in ${result.seconds.toFixed(2)} s`,
  );
}

export function version(out: Output) {
  const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../../package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  out.result(
    { name: pkg.name, version: pkg.version, node: process.version },
    `${pkg.name} ${pkg.version} (Node ${process.version})`,
  );
}
