// The OpenAPI 3.1 document of the partner API, served at /api/openapi.json. The partner endpoints
// come from their descriptors (server/features/endpoints), every schema from the zod schemas the use cases
// use; only the token endpoint (OAuth's own shapes), the problem texts and the prose are here.
import { z } from "zod";
import { ELIGIBILITY_CODES } from "../../domain/eligibility-codes";
import { problemDetailsSchema } from "../../domain/order-response-schemas";
import { SCOPE_DESCRIPTIONS } from "../../domain/scopes";
import { tokenIssuer } from "../../features/auth/access-tokens";
import { ineligibleExample } from "../../features/endpoints/examples";
import type { PartnerEndpoint } from "../../features/endpoints/partner-endpoint";
import { PARTNER_ENDPOINTS } from "../../features/endpoints/partner-endpoints";
import { jsonSchemaOf } from "./json-schema";
import { webhookEvents } from "./webhook-events-document";

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

const ok = (endpoint: PartnerEndpoint) => {
  const { status, name, description, examples } = endpoint.response;
  return {
    [String(status)]: {
      description,
      headers: rateLimitHeaders,
      content: { "application/json": { schema: ref(name), ...examplesOf(examples) } },
    },
  };
};

function examplesOf(examples: Record<string, unknown> | undefined) {
  return examples
    ? { examples: Object.fromEntries(Object.entries(examples).map(([key, value]) => [key, { value }])) }
    : {};
}

function parametersOf(endpoint: PartnerEndpoint) {
  const path = (endpoint.pathParameters ?? []).map(({ name, pattern }) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string", pattern },
  }));
  const headers = (endpoint.headerParameters ?? []).map(({ name, description, maxLength }) => ({
    name,
    in: "header",
    required: false,
    schema: { type: "string", minLength: 1, maxLength },
    description,
  }));
  const query = endpoint.query
    ? Object.entries(
        (jsonSchemaOf(endpoint.query, "input") as { properties: Record<string, Record<string, unknown>> })
          .properties,
      ).map(([name, property]) => ({ name, in: "query", required: false, schema: property }))
    : [];
  const all = [...path, ...headers, ...query];
  return all.length > 0 ? { parameters: all } : {};
}

/** One operation of the document, entirely from the endpoint's descriptor. */
function operationOf(endpoint: PartnerEndpoint) {
  return {
    tags: [endpoint.tag],
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    security: [{ partnerOAuth: [endpoint.scope] }],
    ...parametersOf(endpoint),
    ...(endpoint.request
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref(endpoint.request.name),
                ...examplesOf(endpoint.request.examples),
              },
            },
          },
        }
      : {}),
    responses: { ...ok(endpoint), ...problems(...endpoint.problems) },
  };
}

function partnerPaths() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of PARTNER_ENDPOINTS) {
    paths[endpoint.path] = {
      ...paths[endpoint.path],
      [endpoint.method.toLowerCase()]: operationOf(endpoint),
    };
  }
  return paths;
}

/** The request and response schemas the endpoints name, each once. */
function partnerSchemas() {
  const schemas: Record<string, unknown> = {};
  for (const endpoint of PARTNER_ENDPOINTS) {
    if (endpoint.request) schemas[endpoint.request.name] = jsonSchemaOf(endpoint.request.schema, "input");
    schemas[endpoint.response.name] = jsonSchemaOf(endpoint.response.schema, "output");
  }
  return schemas;
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
    tags: [
      { name: "Orders" },
      { name: "Subscriptions" },
      { name: "Customers" },
      { name: "Catalogue" },
      { name: "Webhooks" },
      { name: "OAuth" },
    ],
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
      ...partnerPaths(),
    },
    webhooks: webhookEvents(),
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
        ...partnerSchemas(),
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
