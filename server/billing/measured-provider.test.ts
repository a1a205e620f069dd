// A measured provider counts and times each call by provider, operation and outcome, and passes
// answers and errors through unchanged.
import { describe, expect, it } from "vitest";
import { metrics } from "../metrics/metrics";
import type { BillingProvider } from "./billing-provider";
import { measuredProvider } from "./measured-provider";
import { providerRefused } from "./provider-errors";

type Labels = { provider: string; operation: string; outcome: string };
const count = async (labels: Labels) =>
  (await metrics().providerCalls.get()).values.find(
    (v) =>
      v.labels.provider === labels.provider &&
      v.labels.operation === labels.operation &&
      v.labels.outcome === labels.outcome,
  )?.value ?? 0;

describe("measuredProvider", () => {
  it("counts ok, refused and failed calls, passing everything through", async () => {
    const answer = {
      providerCustomerId: null,
      providerSubscriptionId: "sub_1",
      providerReference: null,
      providerResult: {},
    };
    let next: "ok" | "refuse" | "fail" = "ok";
    const inner: BillingProvider = {
      kind: "stripe",
      preview: async () => {
        throw new Error("not used");
      },
      submit: async () => {
        if (next === "refuse") throw providerRefused("stripe", "card declined");
        if (next === "fail") throw new Error("socket hang up");
        return answer;
      },
    };
    const measured = measuredProvider(inner);
    const labels = (outcome: string) => ({ provider: "stripe", operation: "submit", outcome });
    const before = {
      ok: await count(labels("ok")),
      refused: await count(labels("refused")),
      failed: await count(labels("failed")),
    };

    expect(await measured.submit({} as never, "k")).toBe(answer);
    next = "refuse";
    await expect(measured.submit({} as never, "k")).rejects.toThrow("card declined");
    next = "fail";
    await expect(measured.submit({} as never, "k")).rejects.toThrow("socket hang up");

    expect(await count(labels("ok"))).toBe(before.ok + 1);
    expect(await count(labels("refused"))).toBe(before.refused + 1);
    expect(await count(labels("failed"))).toBe(before.failed + 1);
  });
});
