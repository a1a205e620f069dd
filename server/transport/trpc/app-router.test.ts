import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrderBody, seedPartners } from "../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { loadStaffSession } from "../session/session";
import { appRouter } from "./app-router";
import { createCallerFactory } from "./init";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

async function callerFor(email: string | null) {
  if (!email) return createCaller({ db: t.db, session: null });
  const user = await t.db.staffUser.findUniqueOrThrow({
    where: { email },
    select: { id: true, partnerId: true },
  });
  const session = await loadStaffSession(t.db, {
    userId: user.id,
    partnerId: user.partnerId,
    signedInAt: Date.now(),
  });
  return createCaller({ db: t.db, session });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

describe("access levels", () => {
  it("lets a user with a pending step only complete it", async () => {
    await t.db.staffUser.update({
      where: { email: "staff@globex.test" },
      data: { mustChangePassword: true },
    });
    try {
      const pending = await callerFor("staff@globex.test");
      expect(await codeOf(pending.customers.list({}))).toBe("FORBIDDEN");
      expect(await codeOf(pending.orders.preview(newOrderBody() as never))).toBe("FORBIDDEN");
      expect(await codeOf(pending.account.twoFactorStatus())).toBe("OK");
      // Reaches the use case, which checks the current password.
      expect(
        await codeOf(
          pending.account.changePassword({ currentPassword: "not-it", newPassword: "a long new one" }),
        ),
      ).toBe("BAD_REQUEST");
    } finally {
      await t.db.staffUser.update({
        where: { email: "staff@globex.test" },
        data: { mustChangePassword: false },
      });
    }
  });

  it("refuses every procedure without a session", async () => {
    const anonymous = await callerFor(null);
    expect(await codeOf(anonymous.customers.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.orders.preview(newOrderBody() as never))).toBe("UNAUTHORIZED");
  });

  it("keeps API clients to admins", async () => {
    const staff = await callerFor("staff@acme.test");
    expect(await codeOf(staff.apiClients.list())).toBe("FORBIDDEN");
    expect(await codeOf(staff.apiClients.create({ name: "x", scopes: ["orders:read"] }))).toBe("FORBIDDEN");
    expect(await codeOf(staff.apiClients.revoke({ clientId: "demo-acme-erp" }))).toBe("FORBIDDEN");
    expect(await codeOf(staff.apiClients.rotateSecret({ clientId: "demo-acme-erp" }))).toBe("FORBIDDEN");
  });

  it("gives a session for a user moved to another partner no access", async () => {
    const user = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "staff@acme.test" },
      select: { id: true },
    });
    const globex = await t.db.partner.findUniqueOrThrow({ where: { slug: "globex" }, select: { id: true } });
    expect(
      await loadStaffSession(t.db, { userId: user.id, partnerId: globex.id, signedInAt: Date.now() }),
    ).toBeNull();
  });

  it("ends a session one working day after sign-in, however often its cookie was renewed", async () => {
    const user = await t.db.staffUser.findUniqueOrThrow({
      where: { email: "staff@acme.test" },
      select: { id: true, partnerId: true },
    });
    const at = (hoursAgo: number) => ({
      userId: user.id,
      partnerId: user.partnerId,
      signedInAt: Date.now() - hoursAgo * 3_600_000,
    });
    expect(await loadStaffSession(t.db, at(7.9))).not.toBeNull();
    expect(await loadStaffSession(t.db, at(8.1))).toBeNull();
    // A session from before the sign-in time was recorded counts as expired.
    expect(await loadStaffSession(t.db, { userId: user.id, partnerId: user.partnerId })).toBeNull();
  });
});

describe("orders", () => {
  it("previews, and submits once per idempotency key", async () => {
    const staff = await callerFor("staff@acme.test");
    const externalId = `trpc-${Date.now()}`;
    const body = newOrderBody({ external_id: externalId });
    const preview = await staff.orders.preview(body as never);
    expect(preview.eligibility.eligible).toBe(true);
    const [first, second] = await Promise.all([
      staff.orders.submit({ order: body as never, idempotencyKey: "trpc-key-1" }),
      staff.orders.submit({ order: body as never, idempotencyKey: "trpc-key-1" }),
    ]);
    expect(second.order.id).toBe(first.order.id);
    expect(first.order.total).toBe(preview.total);
    const placed = await t.db.order.findMany({
      where: { externalId },
      select: { id: true, createdByUserId: true },
    });
    expect(placed.map((o) => o.id)).toEqual([first.order.id]);
    expect(placed[0]?.createdByUserId).not.toBeNull();
  });

  it("maps eligibility problems to UNPROCESSABLE_CONTENT with the problems in the error", async () => {
    const staff = await callerFor("staff@acme.test");
    const body = newOrderBody({
      country: "US",
      billingDetails: { address1: "1 Main St", city: "Austin", postalCode: "73301", country: "US" },
    });
    const preview = await staff.orders.preview(body as never);
    expect(preview.eligibility.problems.map((p) => p.path)).toContain("country");
    const error = await staff.orders
      .submit({ order: body as never, idempotencyKey: "trpc-key-2" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
  });
});

describe("API clients", () => {
  it("creates, rotates and revokes, never returning a hash", async () => {
    const admin = await callerFor("admin@acme.test");
    const created = await admin.apiClients.create({
      name: "Test ERP",
      scopes: ["orders:read", "catalog:read"],
    });
    expect(created.clientSecret).toMatch(/^pcs_/);
    expect(JSON.stringify(created.client)).not.toContain("sha256");
    const rotated = await admin.apiClients.rotateSecret({ clientId: created.client.clientId });
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    const revoked = await admin.apiClients.revoke({ clientId: created.client.clientId });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await codeOf(admin.apiClients.rotateSecret({ clientId: created.client.clientId }))).toBe(
      "CONFLICT",
    );
    const list = await admin.apiClients.list();
    expect(list.map((c) => c.clientId)).toContain(created.client.clientId);
    const otherAdmin = await callerFor("admin@globex.test");
    expect(await codeOf(otherAdmin.apiClients.revoke({ clientId: created.client.clientId }))).toBe(
      "NOT_FOUND",
    );
  });
});
