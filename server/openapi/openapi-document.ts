// The OpenAPI 3.1 document of the partner API, served at /api/openapi.json. Every schema in it
// comes from the zod schemas the route handlers use (server/domain, server/orders); only the
// paths, statuses and prose are written here.
import { z } from "zod";
import { tokenIssuer } from "../auth/access-tokens";
import { SCOPE_DESCRIPTIONS, type Scope } from "../auth/scopes";
import { ELIGIBILITY_CODES } from "../domain/eligibility-codes";
import { orderRequestSchema } from "../domain/order-request-schemas";
import {
  offerListResponseSchema,
  orderDetailSchema,
  orderListResponseSchema,
  previewResponseSchema,
  problemDetailsSchema,
  submitResponseSchema,
} from "../domain/order-response-schemas";
import { listOrdersQuerySchema } from "../orders/list-orders-query";
import { cancelOrderExample, ineligibleExample, newOrderExample, submitAnswerExample } from "./examples";
import { jsonSchemaOf } from "./json-schema";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const PROBLEM_TEXT: Record<number, string> = {
  400: "Bad payload: invalid JSON, wrong types, missing fields, unknown order_type or field (see `errors`)",
  401: "Missing, malformed, expired or invalid access token, or a revoked client (`WWW-Authenticate: Bearer`)",
  403: 'The token lacks the scope this operation needs (`error="insufficient_scope"`)',
  404: "No such order or subscription in this partner's context",
  409: "Idempotency-Key still in flight; external_id already used (the existing order is named); or a simultaneous order created the same new customer first (send the order again: it is placed for that customer, named in owner)",
  413: "Body larger than the limit (default 256 KiB)",
  415: "Body is not JSON",
  422: "Eligibility problems (see `problems`), or an Idempotency-Key reused with a different body",
  429: "Rate limit reached (see `Retry-After`)",
  502: "The billing provider failed or timed out; nothing was stored, retry with the same Idempotency-Key",
};

function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_TEXT[status],
        content: {
          "application/problem+json": {
            schema: ref("Problem"),
            ...(status === 422 ? { examples: { ineligible: { value: ineligibleExample } } } : {}),
          },
        },
      },
    ]),
  );
}

const rateLimitHeaders = {
  "RateLimit-Limit": { schema: { type: "integer" }, description: "Bucket size (burst) of this API client" },
  "RateLimit-Remaining": { schema: { type: "integer" }, description: "Requests left in the bucket" },
  "RateLimit-Reset": { schema: { type: "integer" }, description: "Seconds until the bucket is full again" },
  "X-Request-Id": { schema: { type: "string" }, description: "Quote it to support; it is in our logs" },
};

const ok = (
  description: string,
  schemaName: string,
  status = "200",
  extra: Record<string, unknown> = {},
) => ({
  [status]: {
    description,
    headers: rateLimitHeaders,
    content: { "application/json": { schema: ref(schemaName), ...extra } },
  },
});

const security = (scope: Scope) => [{ partnerOAuth: [scope] }];

function queryParameters() {
  const schema = jsonSchemaOf(listOrdersQuerySchema, "input") as {
    properties: Record<string, Record<string, unknown>>;
  };
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: "query",
    required: false,
    schema: property,
  }));
}

export function openApiDocument() {
  const issuer = tokenIssuer();
  return {
    openapi: "3.1.0",
    info: {
      title: "Partner Orders API",
      version: "1.0.0",
      description:
        "Price and submit orders in your partner organisation's context. Authenticate with OAuth 2.0 client credentials " +
        "(`POST /oauth/token`), then send `Authorization: Bearer <token>`. All amounts are integers in the currency's minor " +
        "unit (pence, cents). Errors are `application/problem+json` (RFC 9457).\n\nEligibility problem codes: " +
        ELIGIBILITY_CODES.map((c) => `\`${c.code}\``).join(", ") +
        ".",
    },
    servers: [{ url: issuer }],
    tags: [{ name: "Orders" }, { name: "Catalogue" }, { name: "OAuth" }],
    paths: {
      "/oauth/token": {
        post: {
          tags: ["OAuth"],
          operationId: "getToken",
          summary: "Obtain an access token (client credentials)",
          description:
            "Client authentication by HTTP Basic (client_secret_basic) or form fields (client_secret_post).",
          security: [{ clientBasic: [] }, {}],
          requestBody: {
            required: true,
            content: { "application/x-www-form-urlencoded": { schema: ref("TokenRequest") } },
          },
          responses: {
            "200": {
              description: "A bearer token",
              content: { "application/json": { schema: ref("TokenResponse") } },
            },
            "400": {
              description: "RFC 6749 error (invalid_request, invalid_scope, unsupported_grant_type)",
              content: { "application/json": { schema: ref("OAuthError") } },
            },
            "401": {
              description: "invalid_client",
              content: { "application/json": { schema: ref("OAuthError") } },
            },
            "413": {
              description: "Body larger than 8 KiB (refused before it is read whole)",
              content: { "application/problem+json": { schema: ref("Problem") } },
            },
          },
        },
      },
      "/partner/order/preview": {
        post: {
          tags: ["Orders"],
          operationId: "previewOrder",
          summary: "Price an order and check its eligibility, creating nothing",
          security: security("orders:preview"),
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("OrderRequest"),
                examples: { new: { value: newOrderExample } },
              },
            },
          },
          responses: {
            ...ok("The priced order with its eligibility", "PreviewResponse"),
            ...problems(400, 401, 403, 413, 415, 429, 502),
          },
        },
      },
      "/partner/order": {
        post: {
          tags: ["Orders"],
          operationId: "submitOrder",
          summary: "Submit an order",
          description:
            "Validation, then the partner's eligibility checks, then the billing provider, then one transaction.",
          security: security("orders:write"),
          parameters: [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", minLength: 1, maxLength: 255 },
              description:
                "Same key and body within 24 hours replays the first answer (with `Idempotent-Replayed: true`).",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("OrderRequest"),
                examples: { new: { value: newOrderExample }, cancel: { value: cancelOrderExample } },
              },
            },
          },
          responses: {
            ...ok("The order was created (or replayed)", "SubmitResponse", "201", {
              examples: { created: { value: submitAnswerExample } },
            }),
            ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429, 502),
          },
        },
      },
      "/partner/order/{id}": {
        get: {
          tags: ["Orders"],
          operationId: "getOrder",
          summary: "One order of this partner",
          security: security("orders:read"),
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^order-[0-9a-f]{32}$" },
            },
          ],
          responses: {
            ...ok("The order with its items, schedule and audit trail", "OrderDetail"),
            ...problems(401, 403, 404, 429),
          },
        },
      },
      "/partner/orders": {
        get: {
          tags: ["Orders"],
          operationId: "listOrders",
          summary: "A page of this partner's orders, newest first",
          security: security("orders:read"),
          parameters: queryParameters(),
          responses: {
            ...ok("A page of orders; pass next_cursor as cursor for the next one", "OrderList"),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      "/partner/offers": {
        get: {
          tags: ["Catalogue"],
          operationId: "listOffers",
          summary: "The offers this partner may sell, with prices per currency",
          security: security("catalog:read"),
          responses: { ...ok("The partner's offers", "OfferList"), ...problems(401, 403, 429) },
        },
      },
    },
    components: {
      securitySchemes: {
        partnerOAuth: {
          type: "oauth2",
          description: "OAuth 2.0 client credentials; tokens are ES256 JWTs valid for an hour.",
          flows: {
            clientCredentials: { tokenUrl: `${issuer}/oauth/token`, scopes: { ...SCOPE_DESCRIPTIONS } },
          },
        },
        clientBasic: { type: "http", scheme: "basic", description: "client_id and client_secret" },
      },
      schemas: {
        OrderRequest: jsonSchemaOf(orderRequestSchema, "input"),
        PreviewResponse: jsonSchemaOf(previewResponseSchema, "output"),
        SubmitResponse: jsonSchemaOf(submitResponseSchema, "output"),
        OrderDetail: jsonSchemaOf(orderDetailSchema, "output"),
        OrderList: jsonSchemaOf(orderListResponseSchema, "output"),
        OfferList: jsonSchemaOf(offerListResponseSchema, "output"),
        Problem: jsonSchemaOf(problemDetailsSchema, "output"),
        TokenRequest: jsonSchemaOf(tokenRequestSchema, "input"),
        TokenResponse: jsonSchemaOf(tokenResponseSchema, "output"),
        OAuthError: jsonSchemaOf(oauthErrorSchema, "output"),
      },
    },
  };
}

const tokenRequestSchema = z.object({
  grant_type: z.literal("client_credentials"),
  scope: z.string().optional().describe("Space-separated subset of the client's scopes; default all of them"),
  client_id: z.string().optional().describe("With client_secret_post"),
  client_secret: z.string().optional().describe("With client_secret_post"),
});

const tokenResponseSchema = z.strictObject({
  access_token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.int().positive(),
  scope: z.string(),
});

const oauthErrorSchema = z.strictObject({
  error: z.enum([
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
  ]),
  error_description: z.string().optional(),
});
