// The CSV export of bench:scale, timed in a process of its own: `tsx --conditions=react-server
// scripts/bench/export-memory.ts <database-url> <staff-email>` prints one JSON line.
//
// Why a child process: RSS depends on what the process did before. Timed in bench:scale's own
// process, after generating the data, the export found a heap V8 had already grown and showed
// +1 MB on SQLite, while a fresh process shows the same export growing by 200-300 MB on both
// databases. That growth is the garbage collector's room, not rows kept: the export allocates
// about 22 KB per row (a sampled allocation profile at 85,000 rows: half in Prisma's client
// runtime, joining relations and mapping results; a tenth in csvCell), and at that rate V8 grows
// its young generation to its largest, 128 MB here (two 64 MB semi-spaces), and lets the old
// generation fill with what survived a scavenge until its first full collection; the heap after
// a full collection is back where it started. So four figures: the peak growth from a fresh
// process (what a new server instance would show), the young generation's size at the end, the
// growth over the second half of the rows (memory that followed the row count would grow there),
// and the growth of the same export run again in the same process (what a server that has
// already worked shows).

import { getHeapSpaceStatistics } from "node:v8";
import { makePartnerScope, type PartnerScope } from "../../server/features/auth/partner-scope";
import { ordersCsv } from "../../server/features/exports/orders-csv";
import { createDbClient } from "../../server/infra/db/client";
import type { Db } from "../../server/infra/db/db";
import { resolveDatabaseTarget } from "../../server/infra/db/target";
import { dataDirOf } from "../../server/infra/env/paths";

export type ExportFigures = {
  rows: number;
  bytes: number;
  seconds: number;
  first_row_ms: number | null;
  /** Peak RSS minus RSS before the first row, in a fresh process. */
  rss_growth_mb: number;
  /**
   * Peak RSS at the end minus the peak at half the rows: memory that follows the row count grows
   * as much in the second half as in the first; constant memory does not grow (once the slack is
   * reached, within about 40,000 rows here).
   */
  rss_growth_second_half_mb: number;
  /**
   * Peak RSS minus RSS before the first row of a second export in the same process: a server that
   * has worked before has grown its heap already, and memory that followed the rows would grow
   * again here.
   */
  rss_growth_again_mb: number;
  /**
   * V8's young generation at the end: it grows with the allocation rate (up to 128 MB here on
   * Node 24), and is most of the first run's growth.
   */
  young_generation_mb: number;
};

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function exportOnce(db: Db, scope: PartnerScope, expected: number) {
  const half = Math.max(1, Math.floor(expected / 2));
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let peakAtHalf = rssBefore;
  let bytes = 0;
  let rows = -1; // the header line is not a row
  let firstRowMs: number | null = null;
  const started = performance.now();
  for await (const chunk of ordersCsv(db, scope, {})) {
    bytes += Buffer.byteLength(chunk);
    rows++;
    if (rows === 1) firstRowMs = performance.now() - started;
    if (rows % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    if (rows === half) peakAtHalf = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    rows: Math.max(rows, 0),
    bytes,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    first_row_ms: firstRowMs === null ? null : round1(firstRowMs),
    rss_growth_mb: round1((peak - rssBefore) / MB),
    rss_growth_second_half_mb: round1((peak - peakAtHalf) / MB),
  };
}

async function main() {
  const [url, email] = process.argv.slice(2);
  if (!url || !email) throw new Error("usage: export-memory.ts <database-url> <staff-email>");
  const db = createDbClient(resolveDatabaseTarget(url, dataDirOf(process.env)));
  try {
    const user = await db.staffUser.findUniqueOrThrow({
      where: { email },
      select: { id: true, partnerId: true, role: true, email: true },
    });
    const scope = makePartnerScope(user.partnerId, {
      kind: "user",
      userId: user.id,
      role: user.role,
      email: user.email,
    });
    const expected = await db.order.count({ where: { partnerId: user.partnerId } });
    const first = await exportOnce(db, scope, expected);
    // The same export again in the same process: what a server that has already worked shows.
    const again = await exportOnce(db, scope, expected);
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    const figures: ExportFigures = {
      ...first,
      rss_growth_again_mb: again.rss_growth_mb,
      young_generation_mb: round1((newSpace?.space_size ?? 0) / MB),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await db.$disconnect();
  }
}

await main();
