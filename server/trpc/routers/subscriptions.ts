import "server-only";
import { z } from "zod";
import {
  getSubscription,
  listSubscriptions,
  listSubscriptionsQuerySchema,
} from "../../subscriptions/subscription-service";
import { router, staffProcedure } from "../init";

export const subscriptionsRouter = router({
  list: staffProcedure
    .input(listSubscriptionsQuerySchema)
    .query(({ ctx, input }) => listSubscriptions(ctx.db, ctx.scope, input)),
  byReference: staffProcedure
    .input(z.object({ reference: z.string().trim().min(1).max(40) }))
    .query(({ ctx, input }) => getSubscription(ctx.db, ctx.scope, input.reference)),
});
