// The route handler of a partner API endpoint, built from its descriptor: the REST frame
// (request id, log line, problem+json), the bearer gate for the descriptor's scope with the
// client's rate limit, the JSON body within the limit, then the use case.

import type { PartnerEndpoint } from "../../features/endpoints/partner-endpoint";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { apiHandler, json } from "./api-handler";
import { readJsonBody } from "./json-body";
import { partnerRequest } from "./partner-request";
import { queryObject } from "./query";

export function partnerRoute(endpoint: PartnerEndpoint) {
  return apiHandler(async (request, ctx, params) => {
    const scope = await partnerRequest(request, ctx, endpoint.scope);
    const body = endpoint.request ? await readJsonBody(request, env().bodyLimitBytes) : undefined;
    const query = endpoint.query ? queryObject(request) : {};
    const reply = await endpoint.handle(db(), scope, { body, query, params, headers: request.headers });
    for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.headers.set(name, value);
    return json(reply.body, ctx, endpoint.response.status);
  });
}
