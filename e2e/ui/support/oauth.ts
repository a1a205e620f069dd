// Asks POST /oauth/token for a client-credentials token (HTTP Basic client authentication).
import type { APIRequestContext } from "@playwright/test";

export async function requestToken(request: APIRequestContext, clientId: string, secret: string) {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    "base64",
  );
  return request.post("/oauth/token", {
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    data: "grant_type=client_credentials",
  });
}
