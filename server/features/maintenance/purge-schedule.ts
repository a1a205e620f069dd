// The web server runs `purge` every hour, so an operator need not schedule it. With several
// instances each runs it: deleting expired rows twice is harmless.
import { db } from "../../infra/db/db";
import { log } from "../../infra/log/log";
import { purgeExpired } from "./purge";
import { repeat } from "./repeat";

const HOUR_MS = 60 * 60 * 1000;

export function startPurgeSchedule(intervalMs = HOUR_MS): () => void {
  return repeat(
    "purge",
    async () => {
      const result = await purgeExpired(db());
      const { ms: _ms, ...counts } = result;
      if (Object.values(counts).some((count) => count > 0)) log.info("purged expired records", { ...result });
    },
    { firstAfterMs: 60_000, everyMs: intervalMs },
  );
}
