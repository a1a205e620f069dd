// Cancellations "at the end of the term" take effect: a subscription still active whose `cancelAt`
// has passed becomes `cancelled` as of that moment (not of when this runs), its live items end
// then, and the system records it in the partner's audit trail. Each subscription is ended by one
// conditional UPDATE inside its own transaction, and only the run that wins it writes the audit
// event, so several instances running this at once, or a run catching up after downtime, end
// each subscription exactly once.
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { emitSubscriptionEvent } from "../webhooks/partner-events";

const BATCH = 200;

export async function endDueSubscriptions(db: Db, now: Date = new Date()): Promise<number> {
  let ended = 0;
  for (;;) {
    const due = await db.subscription.findMany({
      where: { status: "active", cancelAt: { lte: now } },
      orderBy: { cancelAt: "asc" },
      take: BATCH,
      select: { id: true, partnerId: true, reference: true, cancelAt: true, cancelReason: true },
    });
    for (const subscription of due) {
      const at = subscription.cancelAt ?? now;
      const won = await db.$transaction(async (tx) => {
        const { count } = await tx.subscription.updateMany({
          where: { id: subscription.id, status: "active", cancelAt: { lte: now } },
          data: { status: "cancelled", cancelledAt: at },
        });
        if (count === 0) return false;
        await tx.subscriptionItem.updateMany({
          where: { subscriptionId: subscription.id, removedAt: null },
          data: { removedAt: at },
        });
        await tx.auditEvent.create({
          data: {
            id: newRowId("aud"),
            partnerId: subscription.partnerId,
            actorKind: "system",
            actorId: null,
            action: "subscription.cancelled",
            subjectType: "subscription",
            subjectId: subscription.reference,
            data: { effective: at.toISOString(), reason: subscription.cancelReason, scheduled: true },
          },
        });
        await emitSubscriptionEvent(tx, subscription.partnerId, "subscription.cancelled", subscription.id);
        return true;
      });
      if (won) ended++;
    }
    if (due.length < BATCH) return ended;
  }
}
