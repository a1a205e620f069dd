// Only a page of this site may follow sign-in; everything a browser would read as another host
// falls back to the dashboard.
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback";

describe("safeCallbackPath", () => {
  it("keeps a path on this site with its query and hash", () => {
    expect(safeCallbackPath("/orders?status=failed#top")).toBe("/orders?status=failed#top");
    expect(safeCallbackPath("/orders/new")).toBe("/orders/new");
  });

  it.each([
    "//evil.example/x",
    "/\\evil.example/x",
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\n/evil.example",
    "/ /evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "/%5C%5Cevil.example",
  ])("refuses %j", (value) => {
    const safe = safeCallbackPath(value);
    expect(new URL(safe, "https://portal.invalid").origin).toBe("https://portal.invalid");
    expect(safe === "/" || safe.startsWith("/%5C")).toBe(true);
  });

  it("never sends someone back to the sign-in page or an API route", () => {
    expect(safeCallbackPath("/signin?callbackUrl=/orders")).toBe("/");
    expect(safeCallbackPath("/api/auth/signout")).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });
});
