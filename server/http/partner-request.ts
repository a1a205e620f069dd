// What every /partner/* route does first: authenticate the bearer token for the route's scope,
// then draw from the API client's rate-limit bucket.
import type { PartnerScope } from "../auth/partner-scope";
import { db } from "../db";
import { resolveDatabaseTarget } from "../db/target";
import type { Scope } from "../domain/scopes";
import { env } from "../env";
import type { ApiContext } from "./api-handler";
import { authenticatePartner } from "./bearer-auth";
import { HttpError } from "./http-error";
import { DatabaseRateLimiter, MemoryRateLimiter, type RateLimiter, rateLimitHeaders } from "./rate-limit";

const globalForLimiter = globalThis as unknown as { partnerRateLimiter?: RateLimiter };

function rateLimiter(): RateLimiter {
  if (!globalForLimiter.partnerRateLimiter) {
    const settings = env().rateLimit;
    globalForLimiter.partnerRateLimiter =
      resolveDatabaseTarget(env().databaseUrl).kind === "postgresql"
        ? new DatabaseRateLimiter(db(), settings)
        : new MemoryRateLimiter(settings);
  }
  return globalForLimiter.partnerRateLimiter;
}

export async function partnerRequest(request: Request, ctx: ApiContext, scope: Scope): Promise<PartnerScope> {
  const partner = await authenticatePartner(db(), request, scope);
  if (partner.actor.kind === "api_client") {
    ctx.caller = { partnerId: partner.partnerId, clientId: partner.actor.clientId };
    const decision = await rateLimiter().take(`client:${partner.actor.clientId}`);
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) ctx.headers.set(name, value);
    if (!decision.allowed) {
      throw new HttpError(
        429,
        "Too many requests",
        `Rate limit reached; retry in ${decision.retryAfterSeconds} s.`,
        {
          headers: { "retry-after": String(decision.retryAfterSeconds), ...rateLimitHeaders(decision) },
        },
      );
    }
  }
  return partner;
}
