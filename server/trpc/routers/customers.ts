import "server-only";
import { z } from "zod";
import { getCustomer, listCustomers, listCustomersQuerySchema } from "../../customers/customer-service";
import { ownerIdSchema } from "../../domain/order-request-schemas";
import { router, staffProcedure } from "../init";

export const customersRouter = router({
  list: staffProcedure
    .input(listCustomersQuerySchema)
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.scope, input)),
  byOwner: staffProcedure
    .input(z.object({ owner: ownerIdSchema }))
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.scope, input.owner)),
});
