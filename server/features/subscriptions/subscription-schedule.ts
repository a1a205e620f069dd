// Runs the scheduled subscription changes (scheduled-ends.ts, scheduled-expiries.ts) every minute
// wherever a job worker runs (the web servers by default, or `npm run worker`), and once soon after
// start, which catches up on everything that fell due while nothing ran.
import { db } from "../../infra/db/db";
import { log } from "../../infra/log/log";
import { repeat } from "../maintenance/repeat";
import { endDueSubscriptions } from "./scheduled-ends";
import { expireDueSubscriptions } from "./scheduled-expiries";

const MINUTE_MS = 60_000;

export function startSubscriptionSchedule(intervalMs = MINUTE_MS): () => void {
  return repeat(
    "scheduled subscription changes",
    async () => {
      const ended = await endDueSubscriptions(db());
      if (ended > 0) log.info("subscriptions ended at the end of their term", { ended });
      const expired = await expireDueSubscriptions(db());
      if (expired > 0) log.info("subscriptions expired at the end of their term", { expired });
    },
    { firstAfterMs: 5_000, everyMs: intervalMs },
  );
}
