// A billing provider whose calls are counted and timed (metrics: provider, operation, outcome),
// traced (a client span per call, when telemetry is on), and whose failures are logged with their
// cause, so an operator sees Stripe or Zuora slow down or fail before partners say so. The builtin
// provider is not wrapped: it does no I/O worth watching.
import { isDomainError } from "../../domain/domain-error";
import { log } from "../log/log";
import { metrics } from "../metrics/metrics";
import { inSpan, SpanKind } from "../telemetry/spans";
import type { BillingProvider } from "./billing-provider";
import { isProviderRefusal } from "./provider-errors";

export function measuredProvider(provider: BillingProvider): BillingProvider {
  function measure<T>(
    operation: "preview" | "submit" | "submit_later" | "check_submitted" | "void_invoice",
    call: () => Promise<T>,
  ): Promise<T> {
    const labels = { provider: provider.kind, operation };
    const attributes = { "billing.provider": provider.kind, "billing.operation": operation };
    return inSpan(
      `billing ${provider.kind} ${operation}`,
      { kind: SpanKind.CLIENT, attributes },
      async (span) => {
        const started = performance.now();
        try {
          const answer = await call();
          metrics().providerCalls.inc({ ...labels, outcome: "ok" });
          span.setAttribute("billing.outcome", "ok");
          return answer;
        } catch (error) {
          // The provider's own eligibility check (INELIGIBLE, asked nothing of it) counts as a
          // refusal too: the order's, not the provider's health.
          const refused = isProviderRefusal(error) || (isDomainError(error) && error.code === "INELIGIBLE");
          const outcome = refused ? "refused" : "failed";
          metrics().providerCalls.inc({ ...labels, outcome });
          span.setAttribute("billing.outcome", outcome);
          // A refusal is the order's (the partner is told why); a failure is the provider's or ours.
          (refused ? log.info : log.warn)("billing provider call failed", { ...labels, refused, error });
          // The span is marked failed with the error either way (a refusal too, as an HTTP client
          // span is on a 4xx); `billing.outcome` tells the two apart.
          throw error;
        } finally {
          metrics().providerDuration.observe(labels, (performance.now() - started) / 1000);
        }
      },
    );
  }
  const { submitLater, checkSubmitted, voidInvoice } = provider;
  return {
    kind: provider.kind,
    preview: (request) => measure("preview", () => provider.preview(request)),
    submit: (request, key) => measure("submit", () => provider.submit(request, key)),
    // The optional asynchronous pair, kept when the provider has it (the job path looks for it).
    ...(submitLater && checkSubmitted
      ? {
          submitLater: (request, key) =>
            measure("submit_later", () => submitLater.call(provider, request, key)),
          checkSubmitted: (request, handle) =>
            measure("check_submitted", () => checkSubmitted.call(provider, request, handle)),
        }
      : {}),
    // Optional too: the compensation job looks for it.
    ...(voidInvoice
      ? {
          voidInvoice: (partnerId, invoiceId, key) =>
            measure("void_invoice", () => voidInvoice.call(provider, partnerId, invoiceId, key)),
        }
      : {}),
  };
}
