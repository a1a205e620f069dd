// A measured provider counts and times each call by provider, operation and outcome, traces it
// (a client span per call, failed with the error), and passes answers and errors through unchanged.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/domain-error";
import { metrics } from "../metrics/metrics";
import { startTestTracing } from "../telemetry/test-tracing";
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

const answer = {
  providerCustomerId: null,
  providerSubscriptionId: "sub_1",
  providerReference: null,
  providerResult: {},
};

/** A Stripe-like provider whose next submit succeeds, is refused or fails, as the test says. */
function scriptedProvider() {
  const script = { next: "ok" as "ok" | "refuse" | "ineligible" | "fail" };
  const inner: BillingProvider = {
    kind: "stripe",
    preview: async () => {
      throw new Error("not used");
    },
    submit: async () => {
      if (script.next === "refuse") throw providerRefused("stripe", "card declined");
      if (script.next === "ineligible") throw new DomainError("INELIGIBLE", "too many items");
      if (script.next === "fail") throw new Error("socket hang up");
      return answer;
    },
  };
  return { inner, script };
}

describe("measuredProvider", () => {
  it("counts ok, refused and failed calls, passing everything through", async () => {
    const { inner, script } = scriptedProvider();
    const measured = measuredProvider(inner);
    const labels = (outcome: string) => ({ provider: "stripe", operation: "submit", outcome });
    const before = {
      ok: await count(labels("ok")),
      refused: await count(labels("refused")),
      failed: await count(labels("failed")),
    };

    expect(await measured.submit({} as never, "k")).toBe(answer);
    script.next = "refuse";
    await expect(measured.submit({} as never, "k")).rejects.toThrow("card declined");
    script.next = "ineligible";
    await expect(measured.submit({} as never, "k")).rejects.toThrow("too many items");
    script.next = "fail";
    await expect(measured.submit({} as never, "k")).rejects.toThrow("socket hang up");

    expect(await count(labels("ok"))).toBe(before.ok + 1);
    // The provider's own eligibility check refuses the order: not a failure of the provider.
    expect(await count(labels("refused"))).toBe(before.refused + 2);
    expect(await count(labels("failed"))).toBe(before.failed + 1);
  });

  it("traces each call as a client span with its outcome, failed ones with their error", async () => {
    const tracing = startTestTracing();
    try {
      const { inner, script } = scriptedProvider();
      const measured = measuredProvider(inner);
      await measured.submit({} as never, "k");
      script.next = "refuse";
      await expect(measured.submit({} as never, "k")).rejects.toThrow("card declined");
      script.next = "fail";
      await expect(measured.submit({} as never, "k")).rejects.toThrow("socket hang up");

      const spans = await tracing.spans();
      expect(spans.map((s) => s.name)).toEqual(Array(3).fill("billing stripe submit"));
      expect(spans.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);
      expect(spans.map((s) => s.attributes)).toEqual([
        { "billing.provider": "stripe", "billing.operation": "submit", "billing.outcome": "ok" },
        { "billing.provider": "stripe", "billing.operation": "submit", "billing.outcome": "refused" },
        { "billing.provider": "stripe", "billing.operation": "submit", "billing.outcome": "failed" },
      ]);
      expect(spans.map((s) => s.status)).toEqual([
        { code: SpanStatusCode.UNSET },
        { code: SpanStatusCode.ERROR, message: "Stripe refused the order: card declined" },
        { code: SpanStatusCode.ERROR, message: "socket hang up" },
      ]);
    } finally {
      await tracing.stop();
    }
  });
});

describe("a provider that works on orders asynchronously", () => {
  it("keeps submitLater and checkSubmitted, each measured as its own operation", async () => {
    const inner: BillingProvider = {
      kind: "zuora",
      preview: async () => {
        throw new Error("not used");
      },
      submit: async () => answer,
      submitLater: async () => ({ handle: "job-1" }),
      checkSubmitted: async () => ({ done: true, result: answer }),
    };
    const measured = measuredProvider(inner);
    const request = {} as Parameters<BillingProvider["submit"]>[0];
    const started = await count({ provider: "zuora", operation: "submit_later", outcome: "ok" });
    const checked = await count({ provider: "zuora", operation: "check_submitted", outcome: "ok" });
    expect(await measured.submitLater?.(request, "key")).toEqual({ handle: "job-1" });
    expect(await measured.checkSubmitted?.(request, "job-1")).toEqual({ done: true, result: answer });
    expect(await count({ provider: "zuora", operation: "submit_later", outcome: "ok" })).toBe(started + 1);
    expect(await count({ provider: "zuora", operation: "check_submitted", outcome: "ok" })).toBe(checked + 1);
  });

  it("offers neither when the provider has not both", () => {
    const measured = measuredProvider({
      kind: "stripe",
      preview: async () => ({}) as never,
      submit: async () => answer,
    });
    expect(measured.submitLater).toBeUndefined();
    expect(measured.checkSubmitted).toBeUndefined();
  });
});
