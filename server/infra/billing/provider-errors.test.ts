import { describe, expect, it } from "vitest";
import { providerRefused, sanitizeProviderMessage } from "./provider-errors";

describe("provider error messages", () => {
  it("redact configured secrets and anything shaped like a key or a bearer token", () => {
    const message = sanitizeProviderMessage(
      "Invalid API Key provided: sk_test_abc123; header Bearer eyJhbGciOi.x.y; client_secret=hunter2 and s3cr3t-value",
      ["s3cr3t-value"],
    );
    expect(message).not.toMatch(/sk_test_abc123|eyJhbGciOi|hunter2|s3cr3t-value/);
    expect(message).toContain("[redacted]");
  });

  it("drop control characters and cut long messages", () => {
    expect(sanitizeProviderMessage("line one\nline two\u0000")).toBe("line one line two");
    expect(sanitizeProviderMessage("x".repeat(1000)).length).toBeLessThanOrEqual(300);
  });

  it("a refusal names the provider and keeps the cause out of the serialised error", () => {
    const error = providerRefused(
      "zuora",
      "Invalid product rate plan id: X",
      [],
      new Error("internal detail"),
    );
    expect(error.code).toBe("UPSTREAM_FAILED");
    expect(error.message).toBe("Zuora refused the order: Invalid product rate plan id: X");
    expect(JSON.stringify(error)).not.toContain("internal detail");
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
  });
});
