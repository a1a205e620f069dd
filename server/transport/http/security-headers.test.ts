import { describe, expect, it } from "vitest";
import { commonSecurityHeaders, contentSecurityPolicy, newNonce } from "./security-headers";

describe("security headers", () => {
  it("send HSTS and upgrade requests only when the site is served over https", () => {
    expect(commonSecurityHeaders(true)["strict-transport-security"]).toMatch(/^max-age=\d{8}/);
    expect(commonSecurityHeaders(false)["strict-transport-security"]).toBeUndefined();
    expect(contentSecurityPolicy("n", true)).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", false)).not.toContain("upgrade-insecure-requests");
  });

  it("make a new 128-bit nonce each time", () => {
    const a = newNonce();
    expect(atob(a)).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
