// The partner API's subscription reads (see server/features/endpoints/partner-endpoint.ts).
import { REFERENCE_PATTERN } from "../../domain/identifiers";
import {
  subscriptionDetailSchema,
  subscriptionListResponseSchema,
} from "../../domain/partner-object-schemas";
import { partnerEndpoint } from "../endpoints/partner-endpoint";
import { getSubscription, listSubscriptions, listSubscriptionsQuerySchema } from "./subscription-service";

export const listSubscriptionsEndpoint = partnerEndpoint({
  operationId: "listSubscriptions",
  method: "GET",
  path: "/partner/subscriptions",
  scope: "orders:read",
  tag: "Subscriptions",
  summary: "A page of this partner's subscriptions, newest first",
  query: listSubscriptionsQuerySchema,
  response: {
    status: 200,
    name: "SubscriptionList",
    schema: subscriptionListResponseSchema,
    description: "A page of subscriptions; pass next_cursor as cursor for the next one",
  },
  problems: [400, 401, 403, 429],
  handle: async (db, scope, { query }) => ({ body: await listSubscriptions(db, scope, query) }),
});

export const getSubscriptionEndpoint = partnerEndpoint({
  operationId: "getSubscription",
  method: "GET",
  path: "/partner/subscriptions/{reference}",
  scope: "orders:read",
  tag: "Subscriptions",
  summary: "One subscription of this partner, with its newest orders",
  pathParameters: [{ name: "reference", pattern: REFERENCE_PATTERN.source }],
  response: {
    status: 200,
    name: "SubscriptionDetail",
    schema: subscriptionDetailSchema,
    description: "The subscription with its live items, term, customer and newest orders",
  },
  problems: [401, 403, 404, 429],
  handle: async (db, scope, { params }) => ({
    body: await getSubscription(db, scope, params.reference ?? ""),
  }),
});
