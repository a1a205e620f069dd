// A brake on guessing client secrets at POST /oauth/token: failed client authentications are
// counted per client id and per source address in token buckets (the API's rate limiter: in
// memory on one host, in the database on PostgreSQL so every instance counts them), and once a
// bucket is empty further attempts are refused with 429 and Retry-After before any secret is
// checked. Each attempt reserves its failure first and a success gives it back, so a working
// integration is never slowed and simultaneous guesses cannot slip past the count.
import type { Db } from "../../infra/db/db";
import { resolveDatabaseTarget } from "../../infra/db/target";
import { env } from "../../infra/env/env";
import { DatabaseRateLimiter, MemoryRateLimiter, type RateLimiter } from "../../infra/rate-limit/rate-limit";

/** An address makes more failures than one client before it is braked (a NAT hides many). */
const ADDRESS_FACTOR = 5;

export type ThrottleKeys = { clientId: string | null; address: string | null };

type Limiters = { client: RateLimiter; address: RateLimiter };
declare global {
  var tokenThrottle: Limiters | undefined;
}

function limiters(db: Db): Limiters {
  if (!globalThis.tokenThrottle) {
    const { perMinute, burst } = env().tokenFailureLimit;
    const make = (factor: number) => {
      const settings = { perMinute: perMinute * factor, burst: burst * factor };
      return resolveDatabaseTarget(env().databaseUrl, env().dataDir).kind === "postgresql"
        ? new DatabaseRateLimiter(db, settings)
        : new MemoryRateLimiter(settings);
    };
    globalThis.tokenThrottle = { client: make(1), address: make(ADDRESS_FACTOR) };
  }
  return globalThis.tokenThrottle;
}

function checks(db: Db, keys: ThrottleKeys): [RateLimiter, string][] {
  const { client, address } = limiters(db);
  return [
    ...(keys.clientId ? ([[client, `authfail:client:${keys.clientId}`]] as [RateLimiter, string][]) : []),
    ...(keys.address ? ([[address, `authfail:addr:${keys.address}`]] as [RateLimiter, string][]) : []),
  ];
}

/**
 * Reserves one failure for this attempt before the secret is checked, in every bucket (so a burst
 * of simultaneous guesses is bounded like guesses over time), and answers the seconds to wait
 * when a bucket is empty, or null to go ahead. An attempt that then succeeds gives its
 * reservation back (`attemptSucceeded`).
 */
export async function reserveAttempt(db: Db, keys: ThrottleKeys): Promise<number | null> {
  let wait: number | null = null;
  const taken: [RateLimiter, string][] = [];
  for (const [limiter, key] of checks(db, keys)) {
    const state = await limiter.take(key);
    if (state.allowed) taken.push([limiter, key]);
    else wait = Math.max(wait ?? 0, state.retryAfterSeconds);
  }
  // A refused attempt checks no secret, so it counts against no bucket.
  if (wait !== null) for (const [limiter, key] of taken) await limiter.refund(key);
  return wait;
}

export async function attemptSucceeded(db: Db, keys: ThrottleKeys): Promise<void> {
  for (const [limiter, key] of checks(db, keys)) await limiter.refund(key);
}

/** A failure found before the client id was known (malformed credentials): the address only. */
export async function recordFailedAuthentication(db: Db, keys: ThrottleKeys): Promise<void> {
  for (const [limiter, key] of checks(db, keys)) await limiter.take(key);
}
