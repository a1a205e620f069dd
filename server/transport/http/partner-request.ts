// What every /partner/* route does first: authenticate the bearer token for the route's scope,
// then draw from the API client's rate-limit bucket.

import type { Scope } from "../../domain/scopes";
import type { PartnerScope } from "../../features/auth/partner-scope";
import { db } from "../../infra/db/db";
import { resolveDatabaseTarget } from "../../infra/db/target";
import { env } from "../../infra/env/env";
import {
  DatabaseRateLimiter,
  MemoryRateLimiter,
  type RateLimiter,
  rateLimitHeaders,
} from "../../infra/rate-limit/rate-limit";
import type { ApiContext } from "./api-handler";
import { authenticatePartner } from "./bearer-auth";
import { HttpError } from "./http-error";

declare global {
  var partnerRateLimiter: RateLimiter | undefined;
}

function rateLimiter(): RateLimiter {
  if (!globalThis.partnerRateLimiter) {
    const settings = env().rateLimit;
    globalThis.partnerRateLimiter =
      resolveDatabaseTarget(env().databaseUrl, env().dataDir).kind === "postgresql"
        ? new DatabaseRateLimiter(db(), settings)
        : new MemoryRateLimiter(settings);
  }
  return globalThis.partnerRateLimiter;
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
