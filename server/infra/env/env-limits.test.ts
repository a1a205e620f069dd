// Numeric settings with bounds: the rate limits stop at a ceiling (env.ts says why; above it the
// server refuses to start, naming the variable, instead of answering every request with a 500 on
// PostgreSQL), and the PostgreSQL pool size is a whole number from 1.
import { expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const base = { NODE_ENV: "test", AUTH_SECRET: "x".repeat(32) } as const;

it("accepts a million requests a minute and at once", () => {
  const settings = parseEnv({ ...base, RATE_LIMIT_PER_MINUTE: "1000000", RATE_LIMIT_BURST: "1000000" });
  expect(settings.rateLimit).toEqual({ perMinute: 1_000_000, burst: 1_000_000 });
});

it.each([
  ["RATE_LIMIT_PER_MINUTE", "1000001"],
  ["RATE_LIMIT_BURST", "1000000000"],
  ["TOKEN_AUTH_FAILURES_PER_MINUTE", "1000001"],
  ["TOKEN_AUTH_FAILURE_BURST", "100001"],
])("refuses %s=%s, naming it", (name, value) => {
  expect(() => parseEnv({ ...base, [name]: value })).toThrow(EnvError);
  expect(() => parseEnv({ ...base, [name]: value })).toThrow(new RegExp(name));
});

it("reads DATABASE_POOL_SIZE, 10 by default, and refuses 0", () => {
  expect(parseEnv(base).databasePoolSize).toBe(10);
  expect(parseEnv({ ...base, DATABASE_POOL_SIZE: "25" }).databasePoolSize).toBe(25);
  expect(() => parseEnv({ ...base, DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
});
