import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-database";
import { DEMO_PASSWORD } from "../seed/demo-credentials";
import { checkStaffCredentials, LOCK_MINUTES, MAX_FAILED_SIGN_INS } from "./sign-in";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

describe("checkStaffCredentials", () => {
  it("accepts the right password, whatever the email's case", async () => {
    const result = await checkStaffCredentials(t.db, " Staff@Acme.test ", DEMO_PASSWORD);
    expect(result).toMatchObject({ ok: true, user: { email: "staff@acme.test", role: "staff" } });
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    expect(await checkStaffCredentials(t.db, "admin@acme.test", "wrong-password")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await checkStaffCredentials(t.db, "nobody@acme.test", "wrong-password")).toEqual({
      ok: false,
      reason: "invalid",
    });
    // A success resets the counter.
    expect((await checkStaffCredentials(t.db, "admin@acme.test", DEMO_PASSWORD)).ok).toBe(true);
  });

  it("locks an account after repeated failures, even against the right password, until the lock ends", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const results = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      results.push(await checkStaffCredentials(t.db, "staff@globex.test", "nope-nope", now));
    expect(results.at(-2)).toEqual({ ok: false, reason: "invalid" });
    expect(results.at(-1)).toEqual({ ok: false, reason: "locked" });
    expect(await checkStaffCredentials(t.db, "staff@globex.test", DEMO_PASSWORD, now)).toEqual({
      ok: false,
      reason: "locked",
    });
    const later = new Date(now.getTime() + (LOCK_MINUTES + 1) * 60_000);
    expect((await checkStaffCredentials(t.db, "staff@globex.test", DEMO_PASSWORD, later)).ok).toBe(true);
  });

  it("brakes unknown emails the same way", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    let last = null;
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      last = await checkStaffCredentials(t.db, "ghost@acme.test", "guess", now);
    expect(last).toEqual({ ok: false, reason: "locked" });
  });
});

describe("checkStaffCredentials under a burst", () => {
  it("evaluates at most MAX_FAILED_SIGN_INS attempts of 40 concurrent ones, the right password among them", async () => {
    const email = "admin@globex.test";
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 20 ? DEMO_PASSWORD : `guess-${i}-wrong`));
    const results = await Promise.all(
      attempts.map((password) => checkStaffCredentials(t.db, email, password)),
    );
    const evaluated = results.filter((r) => r.ok || r.reason !== "locked");
    expect(evaluated.length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
    // Unless the right password was among those evaluated (a success resets the count), the
    // guesses used up the window: the account is locked now, even for the right password.
    if (!results.some((r) => r.ok))
      expect(await checkStaffCredentials(t.db, email, DEMO_PASSWORD)).toEqual({
        ok: false,
        reason: "locked",
      });
  });
});

describe("checkStaffCredentials and older password hashes", () => {
  it("replaces a hash made with older parameters at the next successful sign-in", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync(DEMO_PASSWORD.normalize("NFKC"), salt, 32, { N: 16384, r: 8, p: 1 });
    const old = `scrypt$16384$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    await t.db.staffUser.update({ where: { email: "staff@acme.test" }, data: { passwordHash: old } });

    expect((await checkStaffCredentials(t.db, "staff@acme.test", DEMO_PASSWORD)).ok).toBe(true);
    const { passwordHash } = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "staff@acme.test" },
      select: { passwordHash: true },
    });
    expect(passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect((await checkStaffCredentials(t.db, "staff@acme.test", DEMO_PASSWORD)).ok).toBe(true);
  });
});

describe("checkStaffCredentials in the audit trail", () => {
  it("records each failed sign-in and the lock of a known account, never the password tried", async () => {
    const user = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "staff@globex.test" },
      select: { id: true },
    });
    await t.db.staffUser.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
    const count = (action: string) => t.db.auditEvent.count({ where: { subjectId: user.id, action } });
    const [failedBefore, lockedBefore] = [
      await count("staff_user.sign_in_failed"),
      await count("staff_user.locked"),
    ];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      await checkStaffCredentials(t.db, "staff@globex.test", "secret-guess-xyz");
    expect((await count("staff_user.sign_in_failed")) - failedBefore).toBe(MAX_FAILED_SIGN_INS - 1);
    expect((await count("staff_user.locked")) - lockedBefore).toBe(1);
    const rows = await t.db.auditEvent.findMany({
      where: { subjectId: user.id },
      select: { data: true, actorId: true },
    });
    expect(JSON.stringify(rows)).not.toContain("secret-guess-xyz");
  });
});
