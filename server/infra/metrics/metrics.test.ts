// Route templates keep the metrics' label values bounded: a path's parameters become their names.
import { describe, expect, it } from "vitest";
import { routeTemplate } from "./metrics";

describe("routeTemplate", () => {
  it("names each parameter instead of its value", () => {
    expect(routeTemplate("/partner/order/order-abc", { id: "order-abc" })).toBe("/partner/order/[id]");
    expect(
      routeTemplate("/partner/webhooks/whe_1/deliveries/whd_2/resend", { id: "whe_1", deliveryId: "whd_2" }),
    ).toBe("/partner/webhooks/[id]/deliveries/[deliveryId]/resend");
    expect(routeTemplate("/partner/no/such/thing", { unknown: ["no", "such", "thing"] })).toBe(
      "/partner/[...unknown]",
    );
  });

  it("matches encoded values, and leaves routes without parameters alone", () => {
    expect(routeTemplate("/partner/subscriptions/A%20B", { reference: "A B" })).toBe(
      "/partner/subscriptions/[reference]",
    );
    expect(routeTemplate("/oauth/token", {})).toBe("/oauth/token");
    expect(routeTemplate("/bad/%E0%A4%A", {})).toBe("/bad/%E0%A4%A");
    // A value the path does not show as written never reaches a label.
    expect(routeTemplate("/partner/order/x", { id: "order-999" })).toBe("/partner/[unmatched]");
  });
});
