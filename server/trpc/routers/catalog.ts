import "server-only";
import { listOffers } from "../../catalog/list-offers";
import { router, staffProcedure } from "../init";

export const catalogRouter = router({
  /** The offers this partner may sell, with their prices per currency. */
  offers: staffProcedure.query(({ ctx }) => listOffers(ctx.db, ctx.scope)),
});
