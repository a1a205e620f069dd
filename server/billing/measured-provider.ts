// A billing provider whose calls are counted and timed (metrics: provider, operation, outcome),
// so an operator sees Stripe or Zuora slow down or fail before partners say so. The builtin
// provider is not wrapped: it does no I/O worth watching.
import { metrics } from "../metrics/metrics";
import type { BillingProvider } from "./billing-provider";
import { isProviderRefusal } from "./provider-errors";

export function measuredProvider(provider: BillingProvider): BillingProvider {
  async function measure<T>(operation: "preview" | "submit", call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const labels = { provider: provider.kind, operation };
    try {
      const answer = await call();
      metrics().providerCalls.inc({ ...labels, outcome: "ok" });
      return answer;
    } catch (error) {
      metrics().providerCalls.inc({ ...labels, outcome: isProviderRefusal(error) ? "refused" : "failed" });
      throw error;
    } finally {
      metrics().providerDuration.observe(labels, (performance.now() - started) / 1000);
    }
  }
  return {
    kind: provider.kind,
    preview: (request) => measure("preview", () => provider.preview(request)),
    submit: (request, key) => measure("submit", () => provider.submit(request, key)),
  };
}
