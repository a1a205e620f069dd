// The two rate limiters must behave the same: a token bucket of `burst` requests refilled at
// `perMinute`. The database one runs on a real migrated database (SQLite here, PostgreSQL when
// TEST_DATABASE_URL names one), including the race it exists for: many instances taking from
// one bucket at once must never let more than the bucket holds through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
  testDatabaseKind,
} from "../../../tests/helpers/test-database";
import {
  DatabaseRateLimiter,
  MemoryRateLimiter,
  purgeIdleBuckets,
  type RateLimiter,
  type RateLimitSettings,
  rateLimitHeaders,
} from "./rate-limit";

const T0 = 1_800_000_000_000;

async function takeMany(limiter: RateLimiter, key: string, count: number, now: number) {
  const decisions = [];
  for (let i = 0; i < count; i++) decisions.push(await limiter.take(key, now));
  return decisions;
}

/** The behaviour both limiters share; `make` gives a limiter whose buckets start empty of state. */
function bucketBehaviour(make: (settings: RateLimitSettings) => RateLimiter) {
  it("takes a refunded token again, never beyond the burst", async () => {
    const limiter = make({ burst: 2, perMinute: 1 });
    const key = `refund-${Math.random()}`;
    await limiter.refund(key); // nothing taken yet: nothing to give back
    expect((await takeMany(limiter, key, 3, T0)).map((d) => d.allowed)).toEqual([true, true, false]);
    await limiter.refund(key);
    await limiter.refund(key);
    await limiter.refund(key);
    expect((await takeMany(limiter, key, 3, T0)).map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it("lets a full burst through at once, then refuses with a retry time", async () => {
    const limiter = make({ burst: 5, perMinute: 60 });
    const key = `burst-${Math.random()}`;
    const decisions = await takeMany(limiter, key, 5, T0);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(decisions.every((d) => d.limit === 5)).toBe(true);

    const refused = await limiter.take(key, T0);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 5 });
    // 60 per minute is one a second: the next token is one second away, the full bucket five.
    expect(refused.retryAfterSeconds).toBe(1);
    expect(refused.resetSeconds).toBe(5);
  });

  it("refills with elapsed time, never beyond the burst", async () => {
    const limiter = make({ burst: 3, perMinute: 60 });
    const key = `refill-${Math.random()}`;
    await takeMany(limiter, key, 3, T0);
    expect((await limiter.take(key, T0 + 500)).allowed).toBe(false);
    // A refused take does not consume: after one whole second there is exactly one token.
    expect((await limiter.take(key, T0 + 1000)).allowed).toBe(true);
    expect((await limiter.take(key, T0 + 1000)).allowed).toBe(false);

    // A long pause refills to the cap, not beyond it.
    const later = T0 + 3_600_000;
    const afterPause = await takeMany(limiter, key, 4, later);
    expect(afterPause.map((d) => d.allowed)).toEqual([true, true, true, false]);
  });

  it("keeps one bucket per key", async () => {
    const limiter = make({ burst: 1, perMinute: 1 });
    const a = `a-${Math.random()}`;
    const b = `b-${Math.random()}`;
    expect((await limiter.take(a, T0)).allowed).toBe(true);
    expect((await limiter.take(a, T0)).allowed).toBe(false);
    expect((await limiter.take(b, T0)).allowed).toBe(true);
  });

  it("gives a Retry-After that really is enough at a slow refill rate", async () => {
    const limiter = make({ burst: 2, perMinute: 6 }); // one token per 10 s
    const key = `slow-${Math.random()}`;
    await takeMany(limiter, key, 2, T0);
    const refused = await limiter.take(key, T0 + 2000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(8);
    expect((await limiter.take(key, T0 + 2000 + 7000)).allowed).toBe(false);
    expect((await limiter.take(key, T0 + 2000 + refused.retryAfterSeconds * 1000)).allowed).toBe(true);
  });
}

describe("MemoryRateLimiter", () => {
  bucketBehaviour((settings) => new MemoryRateLimiter(settings));

  it("allows exactly the burst among concurrent takes", async () => {
    const limiter = new MemoryRateLimiter({ burst: 7, perMinute: 1 });
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.take("concurrent", T0)));
    expect(results.filter((d) => d.allowed)).toHaveLength(7);
  });
});

describe(`DatabaseRateLimiter (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "SQLite"})`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.close();
  });

  bucketBehaviour((settings) => new DatabaseRateLimiter(database.db, settings));

  it("allows exactly k of N parallel takes against a bucket of size k", async () => {
    const k = 10;
    const limiter = new DatabaseRateLimiter(database.db, { burst: k, perMinute: 1 });
    const key = `race-${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 60 }, () => limiter.take(key, T0)));
    expect(results.filter((d) => d.allowed)).toHaveLength(k);
    const row = await database.db.rateLimitBucket.findUniqueOrThrow({ where: { key } });
    expect(row.tokens).toBe(0);
  });

  it("shares one bucket between limiter instances (one per server instance)", async () => {
    const settings = { burst: 4, perMinute: 1 };
    const one = new DatabaseRateLimiter(database.db, settings);
    const other = new DatabaseRateLimiter(database.db, settings);
    const key = `shared-${Math.random()}`;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? one : other).take(key, T0)),
    );
    expect(results.filter((d) => d.allowed)).toHaveLength(4);
  });

  it("holds the largest settings the environment allows, after ten years idle", async () => {
    // RATE_LIMIT_BURST and RATE_LIMIT_PER_MINUTE stop at 1,000,000 (env.ts): the milli-tokens
    // must fit PostgreSQL's 32-bit column and the refill its 64-bit arithmetic (3,000,000 fails there:
    // "value 2999999000 is out of range for type integer").
    const settings = { burst: 1_000_000, perMinute: 1_000_000 };
    const limiter = new DatabaseRateLimiter(database.db, settings);
    const key = `largest-${Math.random()}`;
    const first = await limiter.take(key, T0);
    expect(first).toMatchObject({ allowed: true, remaining: 999_999 });
    const tenYears = 10 * 365 * 24 * 60 * 60 * 1000;
    expect(await limiter.take(key, T0 + tenYears)).toMatchObject({ allowed: true, remaining: 999_999 });
  });

  // Every API request writes its bucket: on PostgreSQL without waiting for a WAL flush (the
  // migration rate_limit_buckets_unlogged says why losing them in a crash is harmless).
  it.runIf(testDatabaseKind() === "postgresql")("keeps the buckets in an unlogged table", async () => {
    const rows = await database.db.$queryRaw<{ relpersistence: string }[]>`
      SELECT relpersistence::text AS relpersistence FROM pg_class WHERE relname = 'RateLimitBucket' AND relkind = 'r'`;
    expect(rows).toEqual([{ relpersistence: "u" }]);
  });

  it("purges buckets idle for a day, and a purged bucket answers like a full one", async () => {
    const settings = { burst: 3, perMinute: 1 };
    const limiter = new DatabaseRateLimiter(database.db, settings);
    const idle = `idle-${Math.random()}`;
    const busy = `busy-${Math.random()}`;
    const day = 24 * 60 * 60 * 1000;
    for (let i = 0; i < 3; i++) await limiter.take(idle, T0);
    await limiter.take(busy, T0 + day);
    expect((await limiter.take(idle, T0)).allowed).toBe(false);

    const purged = await purgeIdleBuckets(database.db, T0 + day + 1);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await database.db.rateLimitBucket.findMany({ where: { key: { in: [idle, busy] } } });
    expect(left.map((row) => row.key)).toEqual([busy]);
    // After a day the idle bucket would have refilled: the fresh one lets the whole burst through.
    const again = await Promise.all(Array.from({ length: 4 }, () => limiter.take(idle, T0 + day + 2)));
    expect(again.filter((d) => d.allowed)).toHaveLength(3);
  });
});

describe("rateLimitHeaders", () => {
  it("names the RateLimit-* fields with whole numbers", () => {
    expect(
      rateLimitHeaders({ allowed: false, limit: 300, remaining: 0, resetSeconds: 6, retryAfterSeconds: 1 }),
    ).toEqual({
      "ratelimit-limit": "300",
      "ratelimit-remaining": "0",
      "ratelimit-reset": "6",
    });
  });
});
