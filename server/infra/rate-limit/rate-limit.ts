// Rate limiting per API client: a token bucket (`burst` requests at once, refilled at
// `perMinute`). On the embedded database the buckets live in memory (one host). On PostgreSQL,
// where several stateless instances run behind a load balancer, they live in the database and
// are updated by one atomic statement, so all instances draw from the same bucket. That table is
// unlogged (migration rate_limit_buckets_unlogged): a request's write waits for no WAL flush, and
// a crash empties it, which every client sees as a full bucket.
import type { Db } from "../db/db";

export type RateLimitSettings = { perMinute: number; burst: number };

export type RateDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
  retryAfterSeconds: number;
};

export interface RateLimiter {
  take(key: string, now?: number): Promise<RateDecision>;
  /** Gives back a token taken for an attempt that turned out not to count (capped at the burst). */
  refund(key: string): Promise<void>;
}

const MILLI = 1000;

function decision(allowed: boolean, milliTokens: number, settings: RateLimitSettings): RateDecision {
  const perMs = settings.perMinute / 60_000; // whole tokens per millisecond
  const remaining = Math.max(0, Math.floor(milliTokens / MILLI));
  const missingForOne = Math.max(0, MILLI - milliTokens) / MILLI;
  const missingForFull = Math.max(0, settings.burst * MILLI - milliTokens) / MILLI;
  return {
    allowed,
    limit: settings.burst,
    remaining,
    resetSeconds: Math.ceil(missingForFull / perMs / 1000),
    retryAfterSeconds: Math.max(1, Math.ceil(missingForOne / perMs / 1000)),
  };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly settings: RateLimitSettings) {}

  async take(key: string, now = Date.now()): Promise<RateDecision> {
    const cap = this.settings.burst * MILLI;
    const bucket = this.buckets.get(key) ?? { tokens: cap, at: now };
    const refilled = Math.min(
      cap,
      bucket.tokens + Math.floor(((now - bucket.at) * this.settings.perMinute) / 60),
    );
    const allowed = refilled >= MILLI;
    this.buckets.set(key, { tokens: allowed ? refilled - MILLI : refilled, at: now });
    if (this.buckets.size > 100_000) this.buckets.clear(); // a bound on memory; buckets refill anyway
    return decision(allowed, allowed ? refilled - MILLI : refilled, this.settings);
  }

  async refund(key: string): Promise<void> {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.settings.burst * MILLI, bucket.tokens + MILLI);
  }
}

export class DatabaseRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly settings: RateLimitSettings,
  ) {}

  async take(key: string, now = Date.now()): Promise<RateDecision> {
    const cap = this.settings.burst * MILLI;
    const perMinute = this.settings.perMinute;
    // Portable SQL (PostgreSQL and SQLite): refill by elapsed time, capped; take one token only
    // when there is one (the WHERE), so a refused request leaves the bucket untouched.
    const rows = await this.db.$queryRaw<{ tokens: number | bigint }[]>`
      INSERT INTO "RateLimitBucket" ("key", "tokens", "refilledAtMs") VALUES (${key}, ${cap - MILLI}, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "tokens" = (CASE WHEN "RateLimitBucket"."tokens" + (${now} - "RateLimitBucket"."refilledAtMs") * ${perMinute} / 60 > ${cap}
                         THEN ${cap}
                         ELSE "RateLimitBucket"."tokens" + (${now} - "RateLimitBucket"."refilledAtMs") * ${perMinute} / 60 END) - ${MILLI},
        "refilledAtMs" = ${now}
      WHERE "RateLimitBucket"."tokens" + (${now} - "RateLimitBucket"."refilledAtMs") * ${perMinute} / 60 >= ${MILLI}
      RETURNING "tokens"`;
    const taken = rows[0];
    if (taken) return decision(true, Number(taken.tokens), this.settings);
    return decision(false, await this.refilled(key, now), this.settings);
  }

  async refund(key: string): Promise<void> {
    const cap = this.settings.burst * MILLI;
    await this.db.$executeRaw`
      UPDATE "RateLimitBucket" SET "tokens" = (CASE WHEN "tokens" + ${MILLI} > ${cap} THEN ${cap} ELSE "tokens" + ${MILLI} END)
      WHERE "key" = ${key}`;
  }

  /** The bucket's milli-tokens now, as stored plus the refill since, capped. */
  private async refilled(key: string, now: number): Promise<number> {
    const cap = this.settings.burst * MILLI;
    const current = await this.db.rateLimitBucket.findUnique({ where: { key } });
    return current
      ? Math.min(
          cap,
          current.tokens + Math.floor(((now - Number(current.refilledAtMs)) * this.settings.perMinute) / 60),
        )
      : cap;
  }
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  return {
    "ratelimit-limit": String(d.limit),
    "ratelimit-remaining": String(d.remaining),
    "ratelimit-reset": String(d.resetSeconds),
  };
}

/** A bucket nobody drew from for a day has refilled long since (a full burst takes minutes). */
const IDLE_BUCKET_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the shared buckets idle for a day: one is made per API client and per address that ever
 * asked for a token, so they would only grow. A deleted bucket is the same as a full one, which
 * is what `take` makes when it finds none, so no request is answered differently.
 */
export async function purgeIdleBuckets(db: Db, now = Date.now()): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({
    where: { refilledAtMs: { lt: BigInt(now - IDLE_BUCKET_MS) } },
  });
  return count;
}
