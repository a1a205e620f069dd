// Log lines are redacted on the way out, whatever a caller passes by mistake.
import { describe, expect, it } from "vitest";
import { logLine, REDACTED } from "./log";

describe("log lines", () => {
  it("redact fields named after secrets, at any depth", () => {
    const line = JSON.parse(
      logLine({
        msg: "x",
        password: "hunter2hunter2",
        nested: { clientSecret: "abc", access_token: "eyJ.x.y", Authorization: "Basic Zm9v", apiKey: "k" },
        headers: { cookie: "next-auth.session-token=abc" },
        code: "PROVIDER_REJECTED",
        tokenCount: 3,
      }),
    );
    expect(line.password).toBe(REDACTED);
    expect(line.nested).toEqual({
      clientSecret: REDACTED,
      access_token: REDACTED,
      Authorization: REDACTED,
      apiKey: REDACTED,
    });
    expect(line.headers.cookie).toBe(REDACTED);
    // Facts that only look alike stay.
    expect(line.code).toBe("PROVIDER_REJECTED");
  });

  it("redact secrets and card-like numbers inside any text, errors included", () => {
    const text = logLine({
      msg: "Stripe said: Invalid API Key provided: sk_live_51HxYz0123456789abcdef",
      detail: "card 4242 4242 4242 4242 and 4000-0566-5566-5556 refused; secret whsec_AbC123+/= leaked",
      header: "Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.payload.sig",
      error: new Error("retry with sk_test_abc123 failed"),
      orderTotal: 14700,
      reference: "order-cdae54ae7428e514c8ee729bf75c2454",
    });
    for (const secret of [
      "sk_live_51HxYz",
      "4242 4242",
      "4000-0566",
      "whsec_AbC",
      "eyJhbGci",
      "sk_test_abc",
    ]) {
      expect(text).not.toContain(secret);
    }
    // Amounts and ids are not card numbers.
    expect(text).toContain("14700");
    expect(text).toContain("order-cdae54ae7428e514c8ee729bf75c2454");
  });
});
