// Changing one's own password: the current one is asked for again, the new one must be new, and
// the change ends every session of the user (this one too), audited as the user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { loadStaffSession } from "../../transport/session/session";
import { checkStaffCredentials } from "../auth/sign-in";
import { clearAccountBrakes, RECHECK_BRAKE } from "../auth/sign-in-throttle";
import { DEMO_PASSWORD } from "../seed/demo-credentials";
import { changeOwnPassword } from "./change-own-password";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("changeOwnPassword", () => {
  it("refuses a wrong current password, an unchanged one and a short one, naming the field", async () => {
    const scope = await staffScope(t.db, "staff@acme.test");
    const wrong = await refusal(
      changeOwnPassword(t.db, scope, { currentPassword: "nope-nope", newPassword: "a new long one" }),
    );
    expect(wrong.details.errors).toEqual([
      { path: "currentPassword", message: "is not your current password" },
    ]);
    const same = await refusal(
      changeOwnPassword(t.db, scope, { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }),
    );
    expect(same.details.errors?.[0]?.path).toBe("newPassword");
    const short = await refusal(
      changeOwnPassword(t.db, scope, { currentPassword: DEMO_PASSWORD, newPassword: "short" }),
    );
    expect(short.code).toBe("VALIDATION");
    expect(
      (
        await checkStaffCredentials(t.db, {
          email: "staff@acme.test",
          password: DEMO_PASSWORD,
          address: null,
        })
      ).ok,
    ).toBe(true);
  });

  it("brakes guesses at the current password from inside a session", async () => {
    const scope = await staffScope(t.db, "staff@globex.test");
    const change = (currentPassword: string) =>
      changeOwnPassword(t.db, scope, { currentPassword, newPassword: "a brand new password" });
    for (let i = 0; i < RECHECK_BRAKE.free; i++)
      expect((await refusal(change(`guess-number-${i}`))).code).toBe("VALIDATION");
    // Past the free allowance even the right password waits, and nothing changes.
    const held = await refusal(change(DEMO_PASSWORD));
    expect(held.code).toBe("RATE_LIMITED");
    expect(held.message).toMatch(/try again in \d+ seconds?/);
    // An admin's "lift sign-in delay" lifts this count too.
    await clearAccountBrakes(t.db, "staff@globex.test");
    expect(await change(DEMO_PASSWORD)).toEqual({ changed: true });
  });

  it("sets the new password, ends every open session and audits the change", async () => {
    const scope = await staffScope(t.db, "admin@globex.test");
    const user = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "admin@globex.test" },
      select: { id: true, partnerId: true },
    });
    const open = { userId: user.id, partnerId: user.partnerId, signedInAt: Date.now() - 1000 };
    expect(await loadStaffSession(t.db, open)).not.toBeNull();

    await changeOwnPassword(t.db, scope, {
      currentPassword: DEMO_PASSWORD,
      newPassword: "a brand new password",
    });
    expect(await loadStaffSession(t.db, open)).toBeNull();
    expect(
      (
        await checkStaffCredentials(t.db, {
          email: "admin@globex.test",
          password: DEMO_PASSWORD,
          address: null,
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await checkStaffCredentials(t.db, {
          email: "admin@globex.test",
          password: "a brand new password",
          address: null,
        })
      ).ok,
    ).toBe(true);
    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: user.id, action: "staff_user.password_changed" },
      select: { actorKind: true, actorId: true },
    });
    expect(audit).toEqual([{ actorKind: "user", actorId: user.id }]);
  });
});
