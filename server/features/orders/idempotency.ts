// Idempotency-Key handling (docs/partner-api.md, "Idempotency"), built on the unique
// (partnerId, key) index so it holds across processes and instances. The first request inserts
// an in-flight row; others with the same key wait briefly for it and replay its stored answer,
// or get IN_FLIGHT (409) if it takes too long. Only successful answers are stored: a failed
// attempt (ineligible, provider down) releases the key, so the client can retry it once the
// cause is fixed.

import { DomainError } from "../../domain/domain-error";
import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { insertRows } from "../../infra/db/insert-rows";
import { isUniqueViolation } from "../../infra/db/prisma-errors";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** An in-flight row older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;
/** Waiting retries poll less and less often, so many of them do not starve the request they wait for. */
const MAX_POLL_MS = 250;

export type IdempotencyClaim =
  | { kind: "claimed"; recordId: string }
  | { kind: "replay"; status: number; body: unknown };

export type IdempotencyOptions = { waitMs?: number; pollMs?: number; now?: () => Date };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function claimIdempotencyKey(
  db: Db,
  partnerId: string,
  key: string,
  hash: string,
  options: IdempotencyOptions = {},
): Promise<IdempotencyClaim> {
  const now = options.now ?? (() => new Date());
  const deadline = Date.now() + (options.waitMs ?? 5000);
  let pollMs = options.pollMs ?? 20;
  for (;;) {
    const recordId = newRowId("idk");
    try {
      const claimedAt = now();
      await insertRows(db, "IdempotencyRecord", [
        {
          id: recordId,
          partnerId,
          key,
          requestHash: hash,
          state: "in_flight",
          createdAt: claimedAt,
          expiresAt: new Date(claimedAt.getTime() + IDEMPOTENCY_TTL_MS),
        },
      ]);
      return { kind: "claimed", recordId };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db.idempotencyRecord.findUnique({ where: { partnerId_key: { partnerId, key } } });
    if (!existing) continue; // released between our insert and read: try again
    if (existing.expiresAt <= now()) {
      await db.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now() } } });
      continue;
    }
    if (existing.requestHash !== hash) {
      throw new DomainError(
        "IDEMPOTENCY_MISMATCH",
        "This Idempotency-Key was already used with a different request body. Use a new key for a different order.",
      );
    }
    if (existing.state === "completed") {
      const body: unknown = existing.responseBody === null ? null : JSON.parse(existing.responseBody);
      return { kind: "replay", status: existing.responseStatus ?? 200, body };
    }
    if (now().getTime() - existing.createdAt.getTime() > ABANDONED_AFTER_MS) {
      const taken = await db.idempotencyRecord.updateMany({
        where: { id: existing.id, state: "in_flight", createdAt: existing.createdAt },
        data: { createdAt: now() },
      });
      if (taken.count === 1) return { kind: "claimed", recordId: existing.id };
      continue;
    }
    if (Date.now() >= deadline) {
      throw new DomainError(
        "IN_FLIGHT",
        "A request with this Idempotency-Key is still being processed. Retry in a moment.",
      );
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    pollMs = Math.min(pollMs * 2, Math.max(MAX_POLL_MS, options.pollMs ?? 0));
  }
}

/**
 * Stores the answer; part of the transaction that writes the order, so both commit together. A
 * plain UPDATE (the body as JSON text, which both databases store as JSON), so that the order's
 * batch stays all raw SQL, which Prisma runs without compiling a query plan for it.
 */
export function completeIdempotencyRecord(
  client: Pick<Db, "$executeRaw">,
  recordId: string,
  status: number,
  body: unknown,
): DbTypes.PrismaPromise<number> {
  return client.$executeRaw`UPDATE "IdempotencyRecord" SET "state" = ${"completed"}, "responseStatus" = ${status}, "responseBody" = ${JSON.stringify(body)} WHERE "id" = ${recordId}`;
}

/** Frees the key after a failed attempt (nothing was stored for it). */
export async function releaseIdempotencyKey(db: Db, recordId: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id: recordId, state: "in_flight" } });
}
