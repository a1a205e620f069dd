import { grantClientCredentials, OAuthError } from "@/server/auth/client-credentials";
import { db } from "@/server/db";
import { apiHandler, json } from "@/server/http/api-handler";
import { HttpError } from "@/server/http/http-error";

export const dynamic = "force-dynamic";

const FORM = "application/x-www-form-urlencoded";
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export const POST = apiHandler(async (request, ctx) => {
  if ((request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() !== FORM) {
    return oauthError(new OAuthError("invalid_request", `Send the token request as ${FORM}`));
  }
  const text = await request.text();
  if (text.length > 8192)
    throw new HttpError(413, "Request body too large", "A token request is at most 8 KiB.");
  try {
    const answer = await grantClientCredentials(db(), {
      authorization: request.headers.get("authorization"),
      form: new URLSearchParams(text),
    });
    ctx.headers.set("pragma", "no-cache");
    return json(answer, ctx);
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(error);
    throw error;
  }
});

/** RFC 6749 section 5.2: a JSON error object, not problem+json, so OAuth libraries read it. */
function oauthError(error: OAuthError): Response {
  const headers: Record<string, string> = { "content-type": "application/json", ...NO_STORE };
  if (error.status === 401 && error.usedBasic)
    headers["www-authenticate"] = 'Basic realm="partner-api", charset="UTF-8"';
  return new Response(JSON.stringify({ error: error.code, error_description: error.description }), {
    status: error.status,
    headers,
  });
}
