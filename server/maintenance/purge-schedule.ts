// The web server runs `purge` every hour, so an operator need not schedule it. With several
// instances each runs it: deleting expired rows twice is harmless.
import { db } from "../db";
import { log } from "../log";
import { purgeExpired } from "./purge";

const HOUR_MS = 60 * 60 * 1000;

export function startPurgeSchedule(intervalMs = HOUR_MS): () => void {
  const run = async () => {
    try {
      const result = await purgeExpired(db());
      if (result.idempotencyRecords + result.signInBrakes > 0)
        log.info("purged expired records", { ...result });
    } catch (error) {
      log.warn("purge failed; will try again next hour", { error });
    }
  };
  // The first run waits a minute, out of the way of start-up.
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, intervalMs);
  // Timers must not keep a stopping process alive.
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
