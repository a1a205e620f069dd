// API clients: admins only, checked here (adminProcedure) and again in the use case.
import "server-only";
import { z } from "zod";
import {
  createPartnerApiClient,
  createPartnerApiClientSchema,
  listPartnerApiClients,
  revokePartnerApiClient,
  rotatePartnerApiClientSecret,
} from "../../api-clients/partner-api-clients";
import { adminProcedure, router } from "../init";

const clientIdInput = z.object({ clientId: z.string().trim().min(1).max(100) });

export const apiClientsRouter = router({
  list: adminProcedure.query(({ ctx }) => listPartnerApiClients(ctx.db, ctx.scope)),
  create: adminProcedure
    .input(createPartnerApiClientSchema)
    .mutation(({ ctx, input }) => createPartnerApiClient(ctx.db, ctx.scope, input)),
  revoke: adminProcedure
    .input(clientIdInput)
    .mutation(({ ctx, input }) => revokePartnerApiClient(ctx.db, ctx.scope, input.clientId)),
  rotateSecret: adminProcedure
    .input(clientIdInput)
    .mutation(({ ctx, input }) => rotatePartnerApiClientSecret(ctx.db, ctx.scope, input.clientId)),
});
