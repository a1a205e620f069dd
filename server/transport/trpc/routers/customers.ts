// Customers: the new-order form's customer search. The answer is the REST list's (GET
// /partner/customers), checked by the same schema.
import "server-only";
import { customerListResponseSchema } from "../../../domain/partner-object-schemas";
import { listCustomers, listCustomersQuerySchema } from "../../../features/customers/customer-service";
import { router, staffProcedure } from "../init";

export const customersRouter = router({
  list: staffProcedure
    .input(listCustomersQuerySchema)
    .output(customerListResponseSchema)
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.scope, input)),
});
