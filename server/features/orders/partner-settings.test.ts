// The live preview may use partner settings a few seconds old; a submission never does. Checked by
// suspending a partner behind the services' back, as an operator editing the database would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners, staffScope, testDeps } from "../../../tests/helpers/fixtures";
import { domainError, newOrder } from "../../../tests/helpers/order-test-kit";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import type { PartnerScope } from "../auth/partner-scope";
import { readPartnerSettings } from "./partner-settings";
import { previewOrder } from "./preview-order";
import { submitOrder } from "./submit-order";

let t: TestDatabase;
let acme: PartnerScope;
let acmeId: string;
const deps = testDeps();

beforeAll(async () => {
  t = await createTestDatabase();
  ({ acmeId } = await seedPartners(t.db));
  acme = await staffScope(t.db, "staff@acme.test");
});
afterAll(async () => t?.close());

const setStatus = (status: "active" | "suspended") =>
  t.db.partner.update({ where: { id: acmeId }, data: { status } });
const eligibleInPreview = async () => {
  const preview = await previewOrder(t.db, acme, newOrder([{ id: "pro-monthly", quantity: 1 }]), deps);
  return preview.eligibility.eligible;
};

describe("partner settings", () => {
  it("reach a submission at once, and a preview within its window", async () => {
    expect(await eligibleInPreview()).toBe(true); // reads the settings and keeps a copy
    await setStatus("suspended");
    try {
      const refused = await domainError(
        submitOrder(t.db, acme, newOrder([{ id: "pro-monthly", quantity: 1 }]), {}, deps),
        "INELIGIBLE",
      );
      expect(refused.details.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: "PARTNER_SUSPENDED" })]),
      );
      // The submission's fresh read refreshed the copy, so the preview sees it too.
      expect(await eligibleInPreview()).toBe(false);
    } finally {
      await setStatus("active");
    }
  });

  it("are read again once the copy is older than the allowed age", async () => {
    const first = await readPartnerSettings(t.db, acmeId, 60_000);
    await t.db.partner.update({ where: { id: acmeId }, data: { creditLimit: 123_456 } });
    try {
      expect(await readPartnerSettings(t.db, acmeId, 60_000)).toBe(first); // within the window
      await new Promise((resolve) => setTimeout(resolve, 20));
      const fresh = await readPartnerSettings(t.db, acmeId, 10);
      expect(fresh.creditLimit).toBe(123_456);
      expect(await readPartnerSettings(t.db, acmeId)).toEqual(fresh); // 0: always reads
    } finally {
      await t.db.partner.update({ where: { id: acmeId }, data: { creditLimit: first.creditLimit } });
    }
  });

  it("are shared read-only: a caller cannot change the kept copy", async () => {
    const row = await readPartnerSettings(t.db, acmeId, 60_000);
    expect(() => {
      (row as { status: string }).status = "suspended";
    }).toThrow(TypeError);
  });
});
