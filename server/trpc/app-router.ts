// The portal's API: one router per area, each a thin layer over the use cases in server/.
import "server-only";
import { router } from "./init";
import { accountRouter } from "./routers/account";
import { apiClientsRouter } from "./routers/api-clients";
import { catalogRouter } from "./routers/catalog";
import { customersRouter } from "./routers/customers";
import { dashboardRouter } from "./routers/dashboard";
import { ordersRouter } from "./routers/orders";
import { staffUsersRouter } from "./routers/staff-users";
import { subscriptionsRouter } from "./routers/subscriptions";

export const appRouter = router({
  orders: ordersRouter,
  catalog: catalogRouter,
  customers: customersRouter,
  subscriptions: subscriptionsRouter,
  apiClients: apiClientsRouter,
  dashboard: dashboardRouter,
  account: accountRouter,
  staffUsers: staffUsersRouter,
});

export type AppRouter = typeof appRouter;
