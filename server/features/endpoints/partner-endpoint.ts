// One description per partner API endpoint: method, path, scope, request, response and problems,
// with the use case it runs. The HTTP transport (server/transport/http/partner-route.ts) builds the route
// handler from it, the OpenAPI document (server/transport/openapi) lists it, and the tests check every
// route file and scope against it, so adding an endpoint is one descriptor and one thin route
// file. Nothing here does I/O: a descriptor is data plus a function the transport calls.
import type { z } from "zod";
import type { Scope } from "../../domain/scopes";
import type { Db } from "../../infra/db/db";
import type { PartnerScope } from "../auth/partner-scope";

/** The problem statuses an endpoint may answer, each described once in the OpenAPI document. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502;

/** What the transport hands a use case: the request's parts, not the request. */
export type EndpointInput = {
  /** The parsed JSON body (endpoints with a `request`), else undefined. */
  body: unknown;
  query: Record<string, string>;
  params: Record<string, string>;
  headers: Headers;
};

export type Reply<T> = { body: T; headers?: Record<string, string> };

type Named<S extends z.ZodType> = {
  /** The schema's name under components.schemas in the OpenAPI document. */
  name: string;
  schema: S;
  examples?: Record<string, unknown>;
};

export type PartnerEndpoint<Response extends z.ZodType = z.ZodType> = {
  operationId: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The OpenAPI path; `{id}` is the route folder `[id]`. */
  path: `/partner/${string}`;
  scope: Scope;
  tag: "Orders" | "Subscriptions" | "Customers" | "Catalogue" | "Webhooks";
  summary: string;
  description?: string;
  /** A JSON body, read within the body limit and given to the use case to validate. */
  request?: Named<z.ZodType>;
  /** Query parameters, documented from the schema the use case validates them with. */
  query?: z.ZodObject;
  pathParameters?: { name: string; pattern: string }[];
  headerParameters?: { name: string; description: string; maxLength: number }[];
  response: Named<Response> & { status: 200 | 201; description: string };
  problems: ProblemStatus[];
  /** Runs the use case. The answer's body is typed by the response schema. */
  handle: (db: Db, scope: PartnerScope, input: EndpointInput) => Promise<Reply<z.input<Response>>>;
};

/** Checks a descriptor's handler against its response schema (an identity at run time). */
export function partnerEndpoint<Response extends z.ZodType>(endpoint: PartnerEndpoint<Response>) {
  return endpoint;
}
