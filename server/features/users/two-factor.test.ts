// Two-factor sign-in end to end at the service level: set-up, sign-in with a code or a recovery
// code (each working once), turning it off, an admin's reset and requirement, and the pending
// steps a session carries (a temporary password, a missing set-up). Codes are computed here with
// `otpauth` directly from the key the set-up showed, as an authenticator app would.
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { loadStaffSession } from "../../transport/session/session";
import { checkStaffCredentials } from "../auth/sign-in";
import { clearAccountBrakes, RECHECK_BRAKE } from "../auth/sign-in-throttle";
import { decryptTotpSecret } from "../auth/two-factor";
import { DEMO_PASSWORD } from "../seed/demo-credentials";
import { changeOwnPassword } from "./change-own-password";
import {
  beginTwoFactor,
  confirmTwoFactor,
  replaceRecoveryCodes,
  turnOffTwoFactor,
  twoFactorStatus,
} from "./own-two-factor";
import {
  listPartnerStaffUsers,
  resetPartnerUserPassword,
  resetPartnerUserTwoFactor,
  setTwoFactorRequirement,
} from "./partner-staff-users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: "SHA1" }).generate({
    timestamp: at.getTime(),
  });

/** A code the key does not give at `at`, nor a step either side of it. */
function wrongCodeAt(secret: string, at: Date): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => codeAt(secret, new Date(at.getTime() + d))));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

const signIn = (email: string, password: string, code?: string, now?: Date) =>
  checkStaffCredentials(t.db, { email, password, code, address: "198.51.100.30" }, now);

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function sessionOf(email: string) {
  const user = await t.db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, partnerId: true },
  });
  return loadStaffSession(t.db, { userId: user.id, partnerId: user.partnerId, signedInAt: Date.now() });
}

/** Sets up two-factor sign-in for a user; answers the key and the recovery codes. */
async function enrol(email: string, now: Date) {
  const scope = await staffScope(t.db, email);
  const { secret, uri, qrSvg } = await beginTwoFactor(t.db, scope);
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  expect(qrSvg).toContain("<svg");
  const { recoveryCodes } = await confirmTwoFactor(t.db, scope, { code: codeAt(secret, now) }, now);
  return { secret, recoveryCodes };
}

describe("two-factor sign-in", () => {
  const email = "staff@acme.test";
  const t0 = new Date("2026-04-01T09:00:00Z");
  let secret = "";
  let recoveryCodes: string[] = [];

  it("is set up only with a current code of the new key, which is stored encrypted", async () => {
    const scope = await staffScope(t.db, email);
    const started = await beginTwoFactor(t.db, scope);
    const wrong = await refusal(confirmTwoFactor(t.db, scope, { code: "000000" }, t0));
    expect(wrong.details.errors).toEqual([
      { path: "code", message: "is not the current code of your authenticator app" },
    ]);
    // Until confirmed, sign-in asks for no code.
    expect((await signIn(email, DEMO_PASSWORD)).ok).toBe(true);
    const confirmed = await confirmTwoFactor(t.db, scope, { code: codeAt(started.secret, t0) }, t0);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    secret = started.secret;
    recoveryCodes = confirmed.recoveryCodes;

    const row = await t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { totpSecret: true } });
    expect(row.totpSecret).not.toContain(secret);
    expect(decryptTotpSecret(row.totpSecret ?? "")).toBe(secret);
    const stored = await t.db.staffRecoveryCode.findMany({ select: { codeHash: true } });
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]?.replace("-", ""));
    expect(await twoFactorStatus(t.db, scope)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await refusal(beginTwoFactor(t.db, scope))).toMatchObject({ code: "CONFLICT" });
  });

  it("asks for a code after the right password only, and takes each code once", async () => {
    const now = new Date(t0.getTime() + 60_000);
    expect(await signIn(email, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(email, DEMO_PASSWORD, undefined, now)).toEqual({
      ok: false,
      reason: "code_required",
    });
    expect(await signIn(email, DEMO_PASSWORD, "123456", now)).toEqual({ ok: false, reason: "invalid_code" });
    const code = codeAt(secret, now);
    expect(await signIn(email, DEMO_PASSWORD, code, now)).toMatchObject({ ok: true });
    // The same code again (replayed, or seen over a shoulder) is refused.
    expect(await signIn(email, DEMO_PASSWORD, code, now)).toEqual({ ok: false, reason: "invalid_code" });
    // A code is never accepted for the wrong password.
    const later = new Date(now.getTime() + 30_000);
    expect(await signIn(email, "wrong-password", codeAt(secret, later), later)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(email, DEMO_PASSWORD, codeAt(secret, later), later)).toMatchObject({ ok: true });
  });

  it("takes a recovery code once, in any case and spacing, and audits its use", async () => {
    const [first = ""] = recoveryCodes;
    const typed = ` ${first.toUpperCase().replace("-", " ")} `;
    expect(await signIn(email, DEMO_PASSWORD, typed)).toMatchObject({ ok: true });
    expect(await signIn(email, DEMO_PASSWORD, first)).toEqual({ ok: false, reason: "invalid_code" });
    const user = await t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const used = await t.db.auditEvent.count({
      where: { subjectId: user.id, action: "staff_user.recovery_code_used" },
    });
    expect(used).toBe(1);
    expect(await twoFactorStatus(t.db, await staffScope(t.db, email))).toMatchObject({
      recoveryCodesLeft: 9,
    });
  });

  it("replaces the recovery codes with a current code, and the old ones stop working", async () => {
    const scope = await staffScope(t.db, email);
    const now = new Date(t0.getTime() + 10 * 60_000);
    const { recoveryCodes: fresh } = await replaceRecoveryCodes(
      t.db,
      scope,
      { code: codeAt(secret, now) },
      now,
    );
    expect(fresh).toHaveLength(10);
    expect(await signIn(email, DEMO_PASSWORD, recoveryCodes[1])).toEqual({
      ok: false,
      reason: "invalid_code",
    });
    expect(await signIn(email, DEMO_PASSWORD, fresh[0])).toMatchObject({ ok: true });
  });

  it("takes a code once when two replacements race, and brakes wrong codes", async () => {
    const scope = await staffScope(t.db, email);
    const now = new Date(t0.getTime() + 20 * 60_000);
    const code = codeAt(secret, now);
    const raced = await Promise.allSettled([
      replaceRecoveryCodes(t.db, scope, { code }, now),
      replaceRecoveryCodes(t.db, scope, { code }, now),
    ]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await twoFactorStatus(t.db, scope)).toMatchObject({ recoveryCodesLeft: 10 });

    await clearAccountBrakes(t.db, email);
    const later = new Date(now.getTime() + 60_000);
    for (let i = 0; i < RECHECK_BRAKE.free; i++) {
      const wrong = await refusal(
        replaceRecoveryCodes(t.db, scope, { code: wrongCodeAt(secret, later) }, later),
      );
      expect(wrong.code).toBe("VALIDATION");
    }
    // Past the free allowance even the right code waits, and is not checked.
    const held = await refusal(replaceRecoveryCodes(t.db, scope, { code: codeAt(secret, later) }, later));
    expect(held.code).toBe("RATE_LIMITED");
    expect(held.message).toContain("try again in 1 second");
    const after = new Date(later.getTime() + 1000);
    await replaceRecoveryCodes(t.db, scope, { code: codeAt(secret, after) }, after);
    const countLeft = await t.db.signInThrottle.count({ where: { key: { startsWith: "recheck:" } } });
    expect(countLeft).toBe(0);
  });

  it("is turned off only with the password", async () => {
    const scope = await staffScope(t.db, email);
    const wrong = await refusal(turnOffTwoFactor(t.db, scope, { password: "not-it" }));
    expect(wrong.details.errors?.[0]?.path).toBe("password");
    await turnOffTwoFactor(t.db, scope, { password: DEMO_PASSWORD });
    expect((await signIn(email, DEMO_PASSWORD)).ok).toBe(true);
    expect(await t.db.staffRecoveryCode.count({ where: { staffUser: { email } } })).toBe(0);
  });
});

describe("an admin's controls", () => {
  it("reset another user's two-factor sign-in, ending their sessions", async () => {
    const now = new Date("2026-04-02T09:00:00Z");
    await enrol("staff@globex.test", now);
    const before = await sessionOf("staff@globex.test");
    expect(before?.user.twoFactor).toBe(true);
    const admin = await staffScope(t.db, "admin@globex.test");
    const target = before?.user.id ?? "";
    const signedInBefore = Date.now() - 1000;
    expect(await resetPartnerUserTwoFactor(t.db, admin, { userId: target })).toMatchObject({
      twoFactor: false,
    });
    expect(
      await loadStaffSession(t.db, {
        userId: target,
        partnerId: admin.partnerId,
        signedInAt: signedInBefore,
      }),
    ).toBeNull();
    expect((await signIn("staff@globex.test", DEMO_PASSWORD)).ok).toBe(true);
  });

  it("require two-factor only once they have it, and then a user without it must set it up first", async () => {
    const admin = await staffScope(t.db, "admin@globex.test");
    const refused = await refusal(setTwoFactorRequirement(t.db, admin, { required: true }));
    expect(refused).toMatchObject({ code: "CONFLICT" });
    await enrol("admin@globex.test", new Date("2026-04-03T09:00:00Z"));
    expect(await setTwoFactorRequirement(t.db, admin, { required: true })).toEqual({
      requireTwoFactor: true,
    });
    expect((await listPartnerStaffUsers(t.db, admin)).requireTwoFactor).toBe(true);
    expect((await sessionOf("staff@globex.test"))?.pending).toBe("enrol_two_factor");
    expect((await sessionOf("admin@globex.test"))?.pending).toBeNull();

    const staff = await staffScope(t.db, "staff@globex.test");
    const now = new Date("2026-04-03T10:00:00Z");
    const { secret } = await beginTwoFactor(t.db, staff);
    await confirmTwoFactor(t.db, staff, { code: codeAt(secret, now) }, now);
    expect((await sessionOf("staff@globex.test"))?.pending).toBeNull();
    // Required: it cannot be turned off.
    expect(await refusal(turnOffTwoFactor(t.db, staff, { password: DEMO_PASSWORD }))).toMatchObject({
      code: "CONFLICT",
    });
    await setTwoFactorRequirement(t.db, admin, { required: false });
  });

  it("reset a password to a temporary one that only lets the user choose their own", async () => {
    const admin = await staffScope(t.db, "admin@acme.test");
    const target = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "staff@acme.test" },
      select: { id: true },
    });
    const { temporaryPassword, user } = await resetPartnerUserPassword(t.db, admin, { userId: target.id });
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(user.mustChangePassword).toBe(true);
    expect(JSON.stringify(await t.db.auditEvent.findMany({ where: { subjectId: target.id } }))).not.toContain(
      temporaryPassword,
    );
    expect((await signIn("staff@acme.test", DEMO_PASSWORD)).ok).toBe(false);
    expect((await signIn("staff@acme.test", temporaryPassword)).ok).toBe(true);
    expect((await sessionOf("staff@acme.test"))?.pending).toBe("change_password");

    const scope = await staffScope(t.db, "staff@acme.test");
    await changeOwnPassword(t.db, scope, {
      currentPassword: temporaryPassword,
      newPassword: "my very own password",
    });
    expect((await sessionOf("staff@acme.test"))?.pending).toBeNull();
    expect((await signIn("staff@acme.test", "my very own password")).ok).toBe(true);
  });
});
