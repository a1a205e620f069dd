// The partner API's catalogue endpoint (see server/features/endpoints/partner-endpoint.ts).
import { offerListResponseSchema } from "../../domain/order-response-schemas";
import { partnerEndpoint } from "../endpoints/partner-endpoint";
import { listOffers } from "./list-offers";

export const listOffersEndpoint = partnerEndpoint({
  operationId: "listOffers",
  method: "GET",
  path: "/partner/offers",
  scope: "catalog:read",
  tag: "Catalogue",
  summary: "The offers this partner may sell, with prices per currency",
  response: {
    status: 200,
    name: "OfferList",
    schema: offerListResponseSchema,
    description: "The partner's offers",
  },
  problems: [401, 403, 429],
  handle: async (db, scope) => ({ body: { items: await listOffers(db, scope) } }),
});
