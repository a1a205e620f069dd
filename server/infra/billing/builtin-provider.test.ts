import { describe, expect, it } from "vitest";
import { orderRequest } from "../../../tests/fakes/order-request-fixture";
import { BuiltinBillingProvider } from "./builtin-provider";

describe("builtin provider", () => {
  const provider = new BuiltinBillingProvider({ now: () => new Date("2026-03-15T10:00:00Z") });

  it("answers a preview with the catalogue pricing, unchanged", async () => {
    const request = orderRequest();
    const { priced, providerResult } = await provider.preview(request);
    expect(priced).toBe(request.catalogue);
    expect(providerResult).toEqual({
      provider: "builtin",
      pricedAt: "2026-03-15T10:00:00.000Z",
      source: "catalogue",
      currency: "GBP",
      total: request.catalogue.total,
      lineCount: 2,
      scheduleEntries: 12,
    });
  });

  it("submits without provider ids, with a fresh reference each time", async () => {
    const first = await provider.submit(orderRequest(), "key-1");
    const second = await provider.submit(orderRequest(), "key-1");
    expect(first).toMatchObject({ providerCustomerId: null, providerSubscriptionId: null });
    expect(first.providerReference).toMatch(/^builtin-[0-9a-f]{24}$/);
    expect(second.providerReference).not.toBe(first.providerReference);
  });
});
