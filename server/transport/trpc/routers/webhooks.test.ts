// The webhooks router: admins only, each procedure reaching its use case, and every answer
// passing its output schema (a secret only in the answers that make one). Deliveries are only
// queued here; sending them is tested in server/features/webhooks/webhooks.test.ts.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../../tests/helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../../../../tests/helpers/test-database";
import { loadStaffSession } from "../../session/session";
import { appRouter } from "../app-router";
import { createCallerFactory } from "../init";

// Read by env() on first use: the URL below is on loopback, which partner URLs may not reach otherwise.
process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
});
afterAll(async () => t?.close());

async function callerFor(email: string) {
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

const HOOK_URL = "http://127.0.0.1:9/hook";

describe("webhooks router", () => {
  it("keeps webhook endpoints to admins", async () => {
    const staff = await callerFor("staff@acme.test");
    expect(await codeOf(staff.webhooks.list())).toBe("FORBIDDEN");
    expect(await codeOf(staff.webhooks.create({ url: HOOK_URL, events: ["order.completed"] }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(staff.webhooks.get({ id: "whe_000000000000000000000000" }))).toBe("FORBIDDEN");
    expect(await codeOf(staff.webhooks.deliveries({ id: "whe_000000000000000000000000" }))).toBe("FORBIDDEN");
    expect(await codeOf(staff.webhooks.sendTest({ id: "whe_000000000000000000000000" }))).toBe("FORBIDDEN");
  });

  it("registers, changes, tests, rotates and deletes an endpoint", async () => {
    const admin = await callerFor("admin@acme.test");
    const created = await admin.webhooks.create({
      url: HOOK_URL,
      events: ["order.completed", "order.failed"],
      description: "ERP",
    });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await admin.webhooks.list();
    expect(listed.items.map((e) => e.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await admin.webhooks.get({ id: created.id })).not.toHaveProperty("secret");

    const off = await admin.webhooks.update({ id: created.id, enabled: false });
    expect(off.enabled).toBe(false);
    expect(await codeOf(admin.webhooks.sendTest({ id: created.id }))).toBe("CONFLICT");
    const changed = await admin.webhooks.update({
      id: created.id,
      enabled: true,
      events: ["subscription.created"],
      description: null,
    });
    expect(changed).toMatchObject({ enabled: true, events: ["subscription.created"], description: null });
    expect(await codeOf(admin.webhooks.update({ id: created.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.webhooks.update({ id: created.id, url: "not a url" }))).toBe("BAD_REQUEST");

    const test = await admin.webhooks.sendTest({ id: created.id });
    expect(test).toMatchObject({ eventType: "webhook.test", status: "pending", attempts: 0 });
    const page = await admin.webhooks.deliveries({ id: created.id, limit: 1, cursor: null });
    expect(page.items.map((d) => d.id)).toEqual([test.id]);
    expect(page.next_cursor).toBeNull();
    // Still being sent: not resent until it ends.
    expect(await codeOf(admin.webhooks.resend({ id: created.id, deliveryId: test.id }))).toBe("CONFLICT");

    const rotated = await admin.webhooks.rotateSecret({ id: created.id });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretExpiresAt).not.toBeNull();

    // Another partner's admin finds nothing.
    const globex = await callerFor("admin@globex.test");
    expect(await codeOf(globex.webhooks.get({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(globex.webhooks.deliveries({ id: created.id }))).toBe("NOT_FOUND");
    expect(await codeOf(globex.webhooks.delete({ id: created.id }))).toBe("NOT_FOUND");

    expect(await admin.webhooks.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await codeOf(admin.webhooks.get({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("refuses a URL the outbound rules refuse, naming the field", async () => {
    const admin = await callerFor("admin@acme.test");
    const error = await admin.webhooks
      .create({ url: "http://10.1.2.3/hook", events: ["order.completed"] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toContain("url");
  });
});
