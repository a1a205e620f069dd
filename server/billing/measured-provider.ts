// A billing provider whose calls are counted and timed (metrics: provider, operation, outcome),
// and whose failures are logged with their cause, so an operator sees Stripe or Zuora slow down
// or fail before partners say so. The builtin
// provider is not wrapped: it does no I/O worth watching.
import { log } from "../log";
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
      const refused = isProviderRefusal(error);
      metrics().providerCalls.inc({ ...labels, outcome: refused ? "refused" : "failed" });
      // A refusal is the order's (the partner is told why); a failure is the provider's or ours.
      (refused ? log.info : log.warn)("billing provider call failed", { ...labels, refused, error });
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
