// A partner's own eligibility check, against a real callout server on 127.0.0.1 that verifies
// each call with the standardwebhooks library: it sees every preview and submit signed; its
// rejection is PARTNER_CALLOUT_REJECTED with its message, in preview and submit, and nothing is
// stored; a check that times out or fails rejects the order (PARTNER_CALLOUT_UNAVAILABLE) only
// when it is critical. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder, rowCounts } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { type Receiver, startReceiver } from "../../../tests/helpers/webhook-receiver";
import type { PartnerScope } from "../auth/partner-scope";
import { removePartnerCallout, setPartnerCallout } from "../partners/partner-callout-settings";
import { readPartnerSettings } from "./partner-settings";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";

let t: TestDatabase;
let acme: PartnerScope;
let receiver: Receiver;
const operator = { name: "callout-test" };
const body = () => newOrder([{ id: "pro-monthly", quantity: 2 }]);

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPartners(t.db);
  acme = await staffScope(t.db, "staff@acme.test");
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.stop();
  await t?.close();
});
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.script.length = 0;
  await removePartnerCallout(t.db, operator, "acme");
  await settingsSeen();
});

async function callout(settings: { critical?: boolean; timeoutMs?: number; rejectStatuses?: number[] } = {}) {
  const set = await setPartnerCallout(t.db, operator, {
    partner: "acme",
    url: receiver.url("/eligibility"),
    rotateSecret: true,
    ...settings,
  });
  receiver.secrets.splice(0, receiver.secrets.length, set.secret ?? "");
  await settingsSeen();
  return set;
}

/** Previews use partner settings up to 5 s old (partner-settings.ts): a fresh read updates that copy now. */
const settingsSeen = () => readPartnerSettings(t.db, acme.partnerId);

describe("a partner's eligibility callout", () => {
  it("is called, signed, with each preview and submit; a 2xx lets the order through", async () => {
    const set = await callout();
    expect(set.secret).toMatch(/^whsec_/);
    const order = body();
    const preview = await previewOrder(t.db, acme, order, testDeps());
    expect(preview.eligibility).toEqual({ eligible: true, problems: [] });
    const { order: placed } = await submitOrder(t.db, acme, order, {}, testDeps());
    expect(placed.status).toBe("complete");
    expect(receiver.received).toHaveLength(2);
    for (const call of receiver.received) {
      expect(call.verifyError).toBeNull();
      expect(call.verified).toMatchObject({
        type: "order.eligibility",
        data: { order: { order_type: "new", customerDetails: { email: order.customerDetails.email } } },
      });
    }
  });

  it("a rejecting answer is PARTNER_CALLOUT_REJECTED with the check's message, and nothing is stored", async () => {
    await callout();
    const refusal = { status: 422, body: JSON.stringify({ message: "Customer is on our stop list\u0007" }) };
    receiver.script.push(refusal, refusal);
    const preview = await previewOrder(t.db, acme, body(), testDeps());
    expect(preview.eligibility.eligible).toBe(false);
    expect(preview.eligibility.problems).toEqual([
      { code: "PARTNER_CALLOUT_REJECTED", message: "Customer is on our stop list", path: "" },
    ]);
    const before = await rowCounts(t.db);
    const error = await domainError(submitOrder(t.db, acme, body(), {}, testDeps()), "INELIGIBLE");
    expect(error.details.problems?.map((p) => p.code)).toEqual(["PARTNER_CALLOUT_REJECTED"]);
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("its own rejecting statuses are honoured; other answers are failures", async () => {
    await callout({ rejectStatuses: [451] });
    receiver.script.push({ status: 451, body: "Not in this region" }, 422);
    expect((await previewOrder(t.db, acme, body(), testDeps())).eligibility.problems).toEqual([
      { code: "PARTNER_CALLOUT_REJECTED", message: "Not in this region", path: "" },
    ]);
    // 422 is not one of this partner's rejections, and the check is not critical: the order goes on.
    expect((await previewOrder(t.db, acme, body(), testDeps())).eligibility.eligible).toBe(true);
  });

  it("a time-out or failure rejects the order only when the check is critical", async () => {
    await callout({ timeoutMs: 200 });
    receiver.script.push("hang", 503);
    expect((await previewOrder(t.db, acme, body(), testDeps())).eligibility.eligible).toBe(true);
    expect((await previewOrder(t.db, acme, body(), testDeps())).eligibility.eligible).toBe(true);

    await callout({ timeoutMs: 200, critical: true });
    receiver.script.push("hang", 503);
    const started = Date.now();
    const timedOut = await previewOrder(t.db, acme, body(), testDeps());
    expect(Date.now() - started).toBeLessThan(1500);
    expect(timedOut.eligibility.problems).toEqual([
      expect.objectContaining({
        code: "PARTNER_CALLOUT_UNAVAILABLE",
        message: expect.stringMatching(/timed out/),
      }),
    ]);
    const error = await domainError(submitOrder(t.db, acme, body(), {}, testDeps()), "INELIGIBLE");
    expect(error.details.problems?.map((p) => p.code)).toEqual(["PARTNER_CALLOUT_UNAVAILABLE"]);
  });

  it("refuses a callout URL the outbound rules refuse, and keeps the secret unless asked", async () => {
    await domainError(
      setPartnerCallout(t.db, operator, { partner: "acme", url: "http://169.254.169.254/latest" }),
      "VALIDATION",
    );
    const first = await callout();
    const again = await setPartnerCallout(t.db, operator, { partner: "acme", url: receiver.url("/v2") });
    await settingsSeen();
    expect(again.secret).toBeUndefined();
    receiver.secrets.splice(0, receiver.secrets.length, first.secret ?? "");
    await previewOrder(t.db, acme, body(), testDeps());
    expect(receiver.received.at(-1)).toMatchObject({ path: "/v2", verifyError: null });
  });
});
