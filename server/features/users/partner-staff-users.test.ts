// A partner admin manages the partner's own staff: never another partner's (which reads as
// unknown), never their own account, never as staff; disabling and role changes end sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { DomainError } from "../../domain/domain-error";
import { loadStaffSession } from "../../transport/session/session";
import { checkStaffCredentials } from "../auth/sign-in";
import { DEMO_PASSWORD } from "../seed/demo-credentials";
import {
  disablePartnerUser,
  enablePartnerUser,
  listPartnerStaffUsers,
  setPartnerUserRole,
} from "./partner-staff-users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

const idOf = async (email: string) =>
  await t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, partnerId: true } });

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

describe("partner staff users", () => {
  it("lists only the admin's partner's users, and only for admins", async () => {
    const { users } = await listPartnerStaffUsers(t.db, await staffScope(t.db, "admin@acme.test"));
    expect(users.map((u) => u.email)).toEqual(["admin@acme.test", "staff@acme.test"]);
    expect(JSON.stringify(users)).not.toMatch(/passwordHash|scrypt/);
    expect(await codeOf(listPartnerStaffUsers(t.db, await staffScope(t.db, "staff@acme.test")))).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses another partner's user as unknown, and the admin's own account", async () => {
    const admin = await staffScope(t.db, "admin@acme.test");
    const theirs = await idOf("staff@globex.test");
    expect(await codeOf(disablePartnerUser(t.db, admin, { userId: theirs.id }))).toBe("NOT_FOUND");
    const self = await idOf("admin@acme.test");
    expect(await codeOf(disablePartnerUser(t.db, admin, { userId: self.id }))).toBe("CONFLICT");
    expect(await codeOf(setPartnerUserRole(t.db, admin, { userId: self.id, role: "staff" }))).toBe(
      "CONFLICT",
    );
    expect(
      (
        await checkStaffCredentials(t.db, {
          email: "staff@globex.test",
          password: DEMO_PASSWORD,
          address: null,
        })
      ).ok,
    ).toBe(true);
  });

  it("disables (ending sessions), enables, and changes a role (ending sessions), audited as the admin", async () => {
    const admin = await staffScope(t.db, "admin@acme.test");
    const target = await idOf("staff@acme.test");
    const session = { userId: target.id, partnerId: target.partnerId, signedInAt: Date.now() - 1000 };
    expect(await loadStaffSession(t.db, session)).not.toBeNull();

    expect(await disablePartnerUser(t.db, admin, { userId: target.id })).toMatchObject({ disabled: true });
    expect(await loadStaffSession(t.db, session)).toBeNull();
    expect(
      await checkStaffCredentials(t.db, { email: "staff@acme.test", password: DEMO_PASSWORD, address: null }),
    ).toEqual({
      ok: false,
      reason: "disabled",
    });

    expect(await enablePartnerUser(t.db, admin, { userId: target.id })).toMatchObject({ disabled: false });
    // Sessions are compared to the millisecond: keep the sign-in and the changes in distinct ones.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    await tick();
    const again = { ...session, signedInAt: Date.now() };
    expect(await loadStaffSession(t.db, again)).not.toBeNull();
    await tick();

    expect(await setPartnerUserRole(t.db, admin, { userId: target.id, role: "admin" })).toMatchObject({
      role: "admin",
    });
    expect(await loadStaffSession(t.db, again)).toBeNull();
    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: target.id, actorId: admin.actor.kind === "user" ? admin.actor.userId : "" },
      select: { action: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "staff_user.disabled",
      "staff_user.enabled",
      "staff_user.role_changed",
    ]);
  });
});
