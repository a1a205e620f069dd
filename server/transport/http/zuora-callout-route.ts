// POST /api/webhooks/zuora: the REST frame (request id, log line, problem+json), Basic callout
// authentication against ZUORA_CALLOUT_SECRET before the body is read, the JSON body within the
// limit, then receiveZuoraCallout. Without ZUORA_CALLOUT_SECRET the endpoint does not exist (404).

import { calloutAuthorized, receiveZuoraCallout } from "../../features/provider-events/zuora-events";
import { db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { apiHandler, json } from "./api-handler";
import { HttpError } from "./http-error";
import { readJsonBody } from "./json-body";

export const zuoraCalloutRoute = apiHandler(async (request, ctx) => {
  const secret = env().zuoraCalloutSecret;
  if (!secret) throw new HttpError(404, "Not found", "Zuora callouts are not configured on this server.");
  if (!calloutAuthorized(request.headers.get("authorization"), secret)) {
    throw new HttpError(401, "Unauthorized", "The callout's credentials do not match ZUORA_CALLOUT_SECRET.", {
      headers: { "www-authenticate": 'Basic realm="zuora-callouts"' },
    });
  }
  const body = await readJsonBody(request, env().bodyLimitBytes);
  return json(await receiveZuoraCallout(db(), body), ctx);
});
