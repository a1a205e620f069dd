// The Standard Webhooks headers of a request we sign (a webhook delivery, an eligibility
// callout): `webhook-id`, `webhook-timestamp` in seconds, and `webhook-signature` with one
// `v1,<base64 HMAC>` per secret, space-separated (two during a secret's rotation overlap). The
// signing itself is the `standardwebhooks` library's, the same a partner verifies with.
import { Webhook } from "standardwebhooks";

export function signedHeaders(
  messageId: string,
  at: Date,
  body: string,
  secrets: readonly string[],
  userAgent: string,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": userAgent,
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(" "),
  };
}

/**
 * Text from a partner's answer, fit to store: PostgreSQL's text columns refuse NUL, and a binary
 * answer (gzip, protobuf) would otherwise fail the write that records the attempt.
 */
export const storableText = (text: string | null): string | null =>
  text === null ? null : text.replaceAll("\u0000", "");
