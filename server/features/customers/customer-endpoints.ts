// The partner API's customer reads (see server/features/endpoints/partner-endpoint.ts).
import { OWNER_ID_PATTERN } from "../../domain/identifiers";
import { customerDetailSchema, customerListResponseSchema } from "../../domain/partner-object-schemas";
import { partnerEndpoint } from "../endpoints/partner-endpoint";
import { getCustomer, listCustomers, listCustomersQuerySchema } from "./customer-service";

export const listCustomersEndpoint = partnerEndpoint({
  operationId: "listCustomers",
  method: "GET",
  path: "/partner/customers",
  scope: "orders:read",
  tag: "Customers",
  summary: "A page of this partner's customers, newest first; q searches name, email or owner id",
  query: listCustomersQuerySchema,
  response: {
    status: 200,
    name: "CustomerList",
    schema: customerListResponseSchema,
    description: "A page of customers; pass next_cursor as cursor for the next one",
  },
  problems: [400, 401, 403, 429],
  handle: async (db, scope, { query }) => ({ body: await listCustomers(db, scope, query) }),
});

export const getCustomerEndpoint = partnerEndpoint({
  operationId: "getCustomer",
  method: "GET",
  path: "/partner/customers/{owner}",
  scope: "orders:read",
  tag: "Customers",
  summary: "One customer of this partner, with its subscriptions and newest orders",
  pathParameters: [{ name: "owner", pattern: OWNER_ID_PATTERN.source }],
  response: {
    status: 200,
    name: "CustomerDetail",
    schema: customerDetailSchema,
    description: "The customer with its billing address, subscriptions and newest orders",
  },
  problems: [401, 403, 404, 429],
  handle: async (db, scope, { params }) => ({ body: await getCustomer(db, scope, params.owner ?? "") }),
});
