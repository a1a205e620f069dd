// API clients: admins only, checked here (adminProcedure) and again in the use case.
import "server-only";
import { z } from "zod";
import {
  createPartnerApiClient,
  createPartnerApiClientSchema,
  listPartnerApiClients,
  partnerApiClientListSchema,
  partnerApiClientSchema,
  partnerApiClientWithSecretSchema,
  revokePartnerApiClient,
  rotatePartnerApiClientSecret,
} from "../../../features/api-clients/partner-api-clients";
import { adminProcedure, router } from "../init";

const clientIdInput = z.object({ clientId: z.string().trim().min(1).max(100) });

export const apiClientsRouter = router({
  list: adminProcedure
    .output(partnerApiClientListSchema)
    .query(({ ctx }) => listPartnerApiClients(ctx.db, ctx.scope)),
  create: adminProcedure
    .input(createPartnerApiClientSchema)
    .output(partnerApiClientWithSecretSchema)
    .mutation(({ ctx, input }) => createPartnerApiClient(ctx.db, ctx.scope, input)),
  revoke: adminProcedure
    .input(clientIdInput)
    .output(partnerApiClientSchema)
    .mutation(({ ctx, input }) => revokePartnerApiClient(ctx.db, ctx.scope, input.clientId)),
  rotateSecret: adminProcedure
    .input(clientIdInput)
    .output(partnerApiClientWithSecretSchema)
    .mutation(({ ctx, input }) => rotatePartnerApiClientSecret(ctx.db, ctx.scope, input.clientId)),
});
