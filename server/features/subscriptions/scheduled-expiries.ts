// Terms that end without a renewal: a termed subscription still active when its term has ended,
// with no cancellation scheduled and not renewed, becomes `expired` as of its term's end. A renew
// order revives it (eligibility allows renewing an expired subscription), so its items stay.
// Like scheduled ends, each subscription is expired by one conditional UPDATE in its own
// transaction, and only the run that wins it writes the audit row and the partner's
// `subscription.expired` event, so overlapping runs and catch-up runs expire each once.
//
// Only subscriptions billed by the builtin provider or Zuora (whose termed subscriptions do not
// renew automatically either): Stripe's subscriptions are rolling, and one ended here would go on
// billing there.
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { emitSubscriptionEvent } from "../webhooks/partner-events";

const BATCH = 200;

export async function expireDueSubscriptions(db: Db, now: Date = new Date()): Promise<number> {
  let expired = 0;
  let after = "";
  for (;;) {
    const due = await db.subscription.findMany({
      where: {
        status: "active",
        cancelAt: null,
        termEnd: { lte: now },
        id: { gt: after },
        orders: { some: { type: "new", billingProvider: { in: ["builtin", "zuora"] } } },
      },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, partnerId: true, reference: true, termEnd: true },
    });
    for (const subscription of due) {
      const at = subscription.termEnd ?? now;
      const won = await db.$transaction(async (tx) => {
        const { count } = await tx.subscription.updateMany({
          // Not if a renewal moved the term on, or a cancellation was scheduled, meanwhile.
          where: { id: subscription.id, status: "active", cancelAt: null, termEnd: at },
          data: { status: "expired" },
        });
        if (count === 0) return false;
        await tx.auditEvent.create({
          data: {
            id: newRowId("aud"),
            partnerId: subscription.partnerId,
            actorKind: "system",
            actorId: null,
            action: "subscription.expired",
            subjectType: "subscription",
            subjectId: subscription.reference,
            data: { termEnd: at.toISOString() },
          },
        });
        await emitSubscriptionEvent(tx, subscription.partnerId, "subscription.expired", subscription.id);
        return true;
      });
      if (won) expired++;
    }
    const last = due.at(-1);
    if (!last || due.length < BATCH) return expired;
    after = last.id;
  }
}
