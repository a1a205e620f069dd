// The TypeScript partner kit (partner-kit/typescript) against the real server: the example's own
// steps, typed by the generated schema, must work end to end, so the kit we hand partners cannot
// silently break when the API changes.
import { expect, test } from "@playwright/test";
import { getToken, TokenError } from "../../partner-kit/typescript/src/client";
import { runOrderWalkthrough } from "../../partner-kit/typescript/src/walkthrough";
import { DEMO_ACME } from "./support/oauth";

const credentials = { clientId: DEMO_ACME.clientId, clientSecret: DEMO_ACME.secret };

test.describe("the TypeScript partner kit", () => {
  test("runs the example's walkthrough: token, offers, preview, idempotent submit, order", async ({
    baseURL,
  }) => {
    const lines: string[] = [];
    const result = await runOrderWalkthrough({
      baseUrl: baseURL as string,
      ...credentials,
      log: (line) => lines.push(line),
    });

    expect(lines).toHaveLength(6);
    expect(result.offer.addOn).toBe(false);
    expect(result.preview.eligibility).toEqual({ eligible: true, problems: [] });
    expect(Number.isInteger(result.preview.total)).toBe(true);
    expect(result.preview.total).toBeGreaterThan(0);

    expect(result.order.id).toMatch(/^order-[0-9a-f]{32}$/);
    expect(["complete", "submitted"]).toContain(result.order.status);
    expect(Number.isInteger(result.order.total)).toBe(true);
    expect(result.order.total).toBe(result.preview.total);

    // The retry with the same Idempotency-Key is the first answer replayed, not a second order.
    expect(result.retry.replayed).toBe(true);
    expect(result.retry.order).toEqual(result.order);

    expect(result.detail.id).toBe(result.order.id);
    expect(result.detail.total).toBe(result.order.total);
    expect(result.detail.items.length).toBeGreaterThan(0);
  });

  test("getToken reports a refused client as a TokenError with the OAuth error", async ({ baseURL }) => {
    const refused = getToken({
      baseUrl: baseURL as string,
      clientId: DEMO_ACME.clientId,
      clientSecret: "wrong",
    });
    await expect(refused).rejects.toBeInstanceOf(TokenError);
    await expect(refused).rejects.toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });
});
