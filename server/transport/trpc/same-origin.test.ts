import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const app = "https://portal.example.com";
const url = "https://portal.example.com/api/trpc/orders.submit";

describe("isSameOriginRequest", () => {
  it("accepts a POST from the portal's own pages", () => {
    expect(isSameOriginRequest(new Headers({ origin: app, "sec-fetch-site": "same-origin" }), app, url)).toBe(
      true,
    );
  });
  it("refuses another site, a missing Origin and a cross-site fetch", () => {
    expect(isSameOriginRequest(new Headers({ origin: "https://evil.example" }), app, url)).toBe(false);
    expect(isSameOriginRequest(new Headers({}), app, url)).toBe(false);
    expect(isSameOriginRequest(new Headers({ origin: app, "sec-fetch-site": "cross-site" }), app, url)).toBe(
      false,
    );
  });
});
