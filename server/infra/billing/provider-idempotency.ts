// Idempotency keys sent to providers. The partner's Idempotency-Key is only unique within that
// partner (docs/partner-api.md, "Idempotency"), and one submit makes several provider calls, so
// each call gets a key derived from (partner, key, step). Hashing keeps the result short
// (providers cap keys at 255 characters) and keeps the partner's own key out of the provider's
// logs. A retried submit derives the same keys, so the provider replays its first answer instead
// of billing twice.
import { createHash } from "node:crypto";
import type { ExternalProvider } from "./provider-errors";

export function providerIdempotencyKey(
  provider: ExternalProvider,
  partnerId: string,
  idempotencyKey: string,
  step: string,
): string {
  const digest = createHash("sha256").update(`${partnerId}\n${idempotencyKey}\n${step}`).digest("hex");
  return `po-${provider}-${digest}`;
}
