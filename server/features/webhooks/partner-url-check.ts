// The check of a URL a partner gives us to call (a webhook endpoint, an eligibility callout) when
// it is registered: the outbound rules refuse it now, naming why, rather than at every call.
import { DomainError } from "../../domain/domain-error";
import { env } from "../../infra/env/env";
import { HostUnresolved, OutboundRefused } from "../../infra/outbound/outbound-policy";
import { resolveOutbound } from "../../infra/outbound/outbound-urls";

/** Refuses a URL calls could not be sent to, as a field error on `field`. */
export async function checkPartnerUrl(url: string, field = "url"): Promise<void> {
  try {
    await resolveOutbound(url, { allowHosts: env().outboundAllowHosts });
  } catch (error) {
    const message = refusalOf(error);
    if (!message) throw error;
    throw new DomainError("VALIDATION", `Invalid input: ${field}: ${message}`, {
      errors: [{ path: field, message }],
    });
  }
}

/** Why a URL cannot be registered, or null for an error that is not the URL's fault. */
function refusalOf(error: unknown): string | null {
  // A host no DNS server knows, or none answered for in time: mistyped, or not live yet.
  if (error instanceof OutboundRefused || error instanceof HostUnresolved) return error.message;
  return null;
}
