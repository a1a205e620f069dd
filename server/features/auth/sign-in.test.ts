import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DEMO_PASSWORD } from "../seed/demo-credentials";
import { checkStaffCredentials, type SignInResult } from "./sign-in";
import {
  ACCOUNT_BRAKE,
  ADDRESS_BRAKE,
  clearAccountBrakes,
  KNOWN_ADDRESS_MS,
  PAIR_BRAKE,
} from "./sign-in-throttle";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

const signIn = (email: string, password: string, address: string | null = "198.51.100.1", now?: Date) =>
  checkStaffCredentials(t.db, { email, password, address }, now);

const refusedForAWhile = (result: SignInResult) => !result.ok && result.reason === "delayed";

describe("checkStaffCredentials", () => {
  it("accepts the right password, whatever the email's case", async () => {
    const result = await signIn(" Staff@Acme.test ", DEMO_PASSWORD);
    expect(result).toMatchObject({ ok: true, user: { email: "staff@acme.test", role: "staff" } });
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    expect(await signIn("admin@acme.test", "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("nobody@acme.test", "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn("admin@acme.test", DEMO_PASSWORD)).ok).toBe(true);
  });

  it("makes a guesser at one address wait longer and longer, and never shuts out the owner at another", async () => {
    const email = "staff@globex.test";
    const now = new Date("2026-03-01T10:00:00Z");
    const at = (ms: number) => new Date(now.getTime() + ms);
    const guesser = "203.0.113.7";
    // The free allowance, then a wait: even the right password is refused until it ends.
    for (let i = 0; i < PAIR_BRAKE.free; i++)
      expect(await signIn(email, "nope-nope", guesser, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(email, DEMO_PASSWORD, guesser, now)).toEqual({
      ok: false,
      reason: "delayed",
      retryAfterSeconds: 1,
    });
    // The wait doubles with every failure.
    expect(await signIn(email, "nope-nope", guesser, at(1000))).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(email, "nope-nope", guesser, at(2000))).toMatchObject({ retryAfterSeconds: 1 });
    expect(await signIn(email, "nope-nope", guesser, at(3000))).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(email, "nope-nope", guesser, at(3000))).toMatchObject({ retryAfterSeconds: 4 });
    // The owner, elsewhere, signs in at once; that success clears the account's own count.
    expect((await signIn(email, DEMO_PASSWORD, "192.0.2.50", at(3000))).ok).toBe(true);
    // The guesser's own pair is not cleared by someone else's success.
    expect(await signIn(email, DEMO_PASSWORD, guesser, at(3000))).toMatchObject({ reason: "delayed" });
    expect((await signIn(email, DEMO_PASSWORD, guesser, at(8000))).ok).toBe(true);
  });

  it("bounds guessing spread over many addresses, with a wait that stays short", async () => {
    const email = "admin@globex.test";
    const now = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < ACCOUNT_BRAKE.free; i++)
      expect(await signIn(email, "guess", `203.0.113.${i + 1}`, now)).toEqual({
        ok: false,
        reason: "invalid",
      });
    const refused = await signIn(email, DEMO_PASSWORD, "192.0.2.99", now);
    expect(refused).toEqual({ ok: false, reason: "delayed", retryAfterSeconds: 1 });
    // Guessing from ever new addresses the moment each wait ends: the wait grows to a minute
    // and no further.
    let clock = now.getTime() + 1000;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await signIn(email, "guess", `203.0.114.${i + 1}`, new Date(clock));
      const waiting = await signIn(email, DEMO_PASSWORD, "192.0.2.99", new Date(clock));
      if (waiting.ok || waiting.reason !== "delayed")
        throw new Error(`not braked: ${JSON.stringify(waiting)}`);
      if (result.ok || result.reason !== "invalid")
        throw new Error(`guess ${i}: ${JSON.stringify(result)} ${JSON.stringify(waits)}`);
      expect(result).toEqual({ ok: false, reason: "invalid" });
      waits.push(waiting.retryAfterSeconds);
      clock += waiting.retryAfterSeconds * 1000;
    }
    expect(Math.max(...waits)).toBe(ACCOUNT_BRAKE.capMs / 1000);
    expect((await signIn(email, DEMO_PASSWORD, "192.0.2.99", new Date(clock))).ok).toBe(true);
  });

  it("leaves the owner at a known address alone however long guessing from elsewhere goes on", async () => {
    const email = "admin@acme.test";
    const now = new Date("2026-03-06T10:00:00Z");
    const home = "192.0.2.77";
    expect((await signIn(email, DEMO_PASSWORD, home, now)).ok).toBe(true);
    const guessFromMany = async (at: Date, net: string) => {
      for (let i = 0; i < ACCOUNT_BRAKE.free + 2; i++) await signIn(email, "guess", `${net}.${i + 1}`, at);
    };
    await guessFromMany(now, "203.0.115");
    // A new address meets the account-wide wait; the address the owner signed in from does not.
    expect(await signIn(email, DEMO_PASSWORD, "192.0.2.78", now)).toMatchObject({ reason: "delayed" });
    expect((await signIn(email, DEMO_PASSWORD, home, now)).ok).toBe(true);
    // An address is known for 30 days after its last successful sign-in.
    const later = new Date(now.getTime() + KNOWN_ADDRESS_MS + 60_000);
    await guessFromMany(later, "203.0.116");
    expect(await signIn(email, DEMO_PASSWORD, home, later)).toMatchObject({ reason: "delayed" });
  });

  it("brakes one address trying many accounts", async () => {
    const now = new Date("2026-03-03T10:00:00Z");
    const results = [];
    for (let i = 0; i <= ADDRESS_BRAKE.free; i++)
      results.push(await signIn(`nobody-${i}@acme.test`, "Summer2026!", "203.0.113.200", now));
    expect(results.slice(0, ADDRESS_BRAKE.free).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results[ADDRESS_BRAKE.free]).toMatchObject({ reason: "delayed" });
    // Another address is not affected.
    expect(await signIn("nobody-0@acme.test", "x-y-z-w", "203.0.113.201", now)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("brakes unknown emails like known ones, with nothing but a hash of the email stored", async () => {
    const now = new Date("2026-03-04T10:00:00Z");
    let last: SignInResult | null = null;
    for (let i = 0; i <= PAIR_BRAKE.free; i++)
      last = await signIn("ghost@acme.test", "guess", "198.51.100.9", now);
    expect(last).toMatchObject({ reason: "delayed" });
    const keys = (await t.db.signInThrottle.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.join(" ")).not.toContain("ghost");
  });

  it("without a trusted address, counts per account only", async () => {
    const now = new Date("2026-03-05T10:00:00Z");
    await clearAccountBrakes(t.db, "staff@acme.test");
    for (let i = 0; i < ACCOUNT_BRAKE.free; i++) await signIn("staff@acme.test", "guess", null, now);
    expect(await signIn("staff@acme.test", DEMO_PASSWORD, null, now)).toMatchObject({ reason: "delayed" });
    await clearAccountBrakes(t.db, "staff@acme.test");
    expect((await signIn("staff@acme.test", DEMO_PASSWORD, null, now)).ok).toBe(true);
  });
});

describe("the address brake and successes", () => {
  it("gives a successful attempt back, so a busy office address is never braked by its sign-ins", async () => {
    const now = new Date("2026-03-07T10:00:00Z");
    for (let i = 0; i < ADDRESS_BRAKE.free + 5; i++)
      expect((await signIn("staff@acme.test", DEMO_PASSWORD, "198.51.100.250", now)).ok).toBe(true);
    const row = await t.db.signInThrottle.findUnique({ where: { key: "address:198.51.100.250" } });
    expect(row?.failures).toBe(0);
  });
});

describe("checkStaffCredentials under a burst", () => {
  it("evaluates at most the free allowance of 40 concurrent attempts, the right password among them", async () => {
    const email = "staff@acme.test";
    await clearAccountBrakes(t.db, email);
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 20 ? DEMO_PASSWORD : `guess-${i}-wrong`));
    const now = new Date(); // one instant for all, so no wait runs out before the check below
    const results = await Promise.all(
      attempts.map((password) => signIn(email, password, "203.0.113.50", now)),
    );
    const evaluated = results.filter((r) => !refusedForAWhile(r));
    expect(evaluated.length).toBeLessThanOrEqual(PAIR_BRAKE.free);
    // Unless the right password was among those evaluated (a success clears the count), the
    // guesses used up the allowance: the next attempt from there waits, even the right one.
    if (!results.some((r) => r.ok))
      expect(await signIn(email, DEMO_PASSWORD, "203.0.113.50", now)).toMatchObject({ reason: "delayed" });
  });
});

describe("checkStaffCredentials and older password hashes", () => {
  it("replaces a hash made with older parameters at the next successful sign-in", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync(DEMO_PASSWORD.normalize("NFKC"), salt, 32, { N: 16384, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    await t.db.staffUser.update({ where: { email: "admin@acme.test" }, data: { passwordHash: old } });

    expect((await signIn("admin@acme.test", DEMO_PASSWORD)).ok).toBe(true);
    const { passwordHash } = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "admin@acme.test" },
      select: { passwordHash: true },
    });
    expect(passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect((await signIn("admin@acme.test", DEMO_PASSWORD)).ok).toBe(true);
  });
});

describe("checkStaffCredentials in the audit trail", () => {
  it("records each failed sign-in of a known account and the one that starts a wait, never the password tried", async () => {
    const email = "admin@acme.test";
    await clearAccountBrakes(t.db, email);
    const user = await t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const count = (action: string) => t.db.auditEvent.count({ where: { subjectId: user.id, action } });
    const [failedBefore, delayedBefore] = [
      await count("staff_user.sign_in_failed"),
      await count("staff_user.sign_in_delayed"),
    ];
    const now = new Date("2026-03-06T10:00:00Z");
    for (let i = 0; i < PAIR_BRAKE.free; i++) await signIn(email, "secret-guess-xyz", "198.51.100.77", now);
    expect((await count("staff_user.sign_in_failed")) - failedBefore).toBe(PAIR_BRAKE.free - 1);
    expect((await count("staff_user.sign_in_delayed")) - delayedBefore).toBe(1);
    const rows = await t.db.auditEvent.findMany({ where: { subjectId: user.id }, select: { data: true } });
    expect(JSON.stringify(rows)).not.toContain("secret-guess-xyz");
    expect(JSON.stringify(rows)).toContain("198.51.100.77");
  });
});
