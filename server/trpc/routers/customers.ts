// Customers: the new-order form's customer search.
import "server-only";
import { listCustomers, listCustomersQuerySchema } from "../../customers/customer-service";
import { router, staffProcedure } from "../init";

export const customersRouter = router({
  list: staffProcedure
    .input(listCustomersQuerySchema)
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.scope, input)),
});
