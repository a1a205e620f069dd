import { grantClientCredentials, OAuthError } from "@/server/features/auth/client-credentials";
import { db } from "@/server/infra/db/db";
import { apiHandler, json } from "@/server/transport/http/api-handler";
import { clientAddressOf } from "@/server/transport/http/client-address";
import { methodNotAllowed } from "@/server/transport/http/fallbacks";
import { readBodyText } from "@/server/transport/http/json-body";

export const dynamic = "force-dynamic";

const FORM = "application/x-www-form-urlencoded";
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
const TOKEN_REQUEST_LIMIT_BYTES = 8192;

export const POST = apiHandler(async (request, ctx) => {
  if ((request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() !== FORM) {
    return oauthError(new OAuthError("invalid_request", `Send the token request as ${FORM}`));
  }
  // Read within the limit as it streams: request.text() held a 10 MB body whole before refusing
  // it, on the one endpoint anyone may call without a token.
  const text = await readBodyText(request, TOKEN_REQUEST_LIMIT_BYTES);
  try {
    const answer = await grantClientCredentials(db(), {
      authorization: request.headers.get("authorization"),
      form: new URLSearchParams(text),
      address: clientAddressOf(request.headers),
    });
    ctx.headers.set("pragma", "no-cache");
    return json(answer, ctx);
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(error);
    throw error;
  }
});

// Anything but POST: a 405 naming POST, with the API's headers (not Next's bare answer).
const onlyPost = methodNotAllowed(["POST"]);

export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };

/** RFC 6749 section 5.2: a JSON error object, not problem+json, so OAuth libraries read it. */
function oauthError(error: OAuthError): Response {
  const headers: Record<string, string> = { "content-type": "application/json", ...NO_STORE };
  if (error.status === 401 && error.usedBasic)
    headers["www-authenticate"] = 'Basic realm="partner-api", charset="UTF-8"';
  if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
  return new Response(JSON.stringify({ error: error.code, error_description: error.description }), {
    status: error.status,
    headers,
  });
}
