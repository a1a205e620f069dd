import "server-only";
import { dashboardSummary } from "../../dashboard/dashboard-summary";
import { router, staffProcedure } from "../init";

export const dashboardRouter = router({
  summary: staffProcedure.query(({ ctx }) => dashboardSummary(ctx.db, ctx.scope)),
});
