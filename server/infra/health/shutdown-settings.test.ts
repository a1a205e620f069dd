// SHUTDOWN_DELAY and SHUTDOWN_GRACE_PERIOD: durations with a unit, validated at start-up.
import { expect, it } from "vitest";
import { EnvError, parseEnv } from "../env/env";

const base = { NODE_ENV: "test", AUTH_SECRET: "x".repeat(32) } as const;

it("defaults to 5 s of delay and 25 s of grace", () => {
  expect(parseEnv(base)).toMatchObject({ shutdownDelayMs: 5_000, shutdownGracePeriodMs: 25_000 });
});

it("reads durations in ms, s, m or h", () => {
  const settings = parseEnv({ ...base, SHUTDOWN_DELAY: "0s", SHUTDOWN_GRACE_PERIOD: "1m" });
  expect(settings).toMatchObject({ shutdownDelayMs: 0, shutdownGracePeriodMs: 60_000 });
  expect(parseEnv({ ...base, SHUTDOWN_DELAY: " 1500ms " }).shutdownDelayMs).toBe(1_500);
});

it("refuses a number without a unit, naming the variable", () => {
  expect(() => parseEnv({ ...base, SHUTDOWN_GRACE_PERIOD: "25" })).toThrow(EnvError);
  expect(() => parseEnv({ ...base, SHUTDOWN_GRACE_PERIOD: "25" })).toThrow(/SHUTDOWN_GRACE_PERIOD/);
});
