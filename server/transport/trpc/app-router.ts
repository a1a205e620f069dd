// The portal's API for what the browser does after a page has loaded: mutations, the live price
// preview, and the lists a page refreshes after changing them. Pages read through use cases in
// server components instead (docs/architecture.md, "One read path for pages"); a procedure no
// browser code calls is not kept.
import "server-only";
import { router } from "./init";
import { accountRouter } from "./routers/account";
import { apiClientsRouter } from "./routers/api-clients";
import { customersRouter } from "./routers/customers";
import { ordersRouter } from "./routers/orders";
import { staffUsersRouter } from "./routers/staff-users";
import { webhooksRouter } from "./routers/webhooks";

export const appRouter = router({
  orders: ordersRouter,
  customers: customersRouter,
  apiClients: apiClientsRouter,
  account: accountRouter,
  staffUsers: staffUsersRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
