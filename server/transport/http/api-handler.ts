// The frame around every REST route handler: a request id (answered in X-Request-Id, and carried
// in the log context, so every line the request causes says it), one structured log line per
// request, and every thrown error turned into problem+json. It does no authentication: each route
// calls the gates it needs.
import { log } from "../../infra/log/log";
import { withLogContext } from "../../infra/log/log-context";
import { metrics, routeTemplate } from "../../infra/metrics/metrics";
import { setApiSecurityHeaders } from "./api-security-headers";
import { errorToProblem } from "./problem";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";

export type ApiContext = {
  requestId: string;
  /** Filled by the bearer gate, so the log line says which partner and client called. */
  caller?: { partnerId: string; clientId: string };
  /** Extra headers for a successful answer (rate-limit state, replay flag). */
  headers: Headers;
};

type RouteParams = { params: Promise<Record<string, string>> };
type Handler = (request: Request, ctx: ApiContext, params: Record<string, string>) => Promise<Response>;

export function apiHandler(handler: Handler) {
  return (request: Request, route?: RouteParams): Promise<Response> => {
    const requestId = requestIdOf(request.headers);
    return withLogContext({ requestId }, () => framed(handler, request, requestId, route));
  };
}

async function framed(
  handler: Handler,
  request: Request,
  requestId: string,
  route: RouteParams | undefined,
): Promise<Response> {
  const started = performance.now();
  const ctx: ApiContext = { requestId, headers: new Headers() };
  const url = new URL(request.url);
  let response: Response;
  let failure: unknown;
  let params: Record<string, string> = {};
  try {
    params = (await route?.params) ?? {};
    response = await handler(request, ctx, params);
  } catch (error) {
    const problem = errorToProblem(error, url.pathname);
    response = problem.response;
    if (problem.unexpected) failure = error;
  }
  for (const [name, value] of ctx.headers) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  // The API reference, behind proxy.ts, gets the page headers there; everything else is data.
  if (!url.pathname.startsWith("/docs/")) setApiSecurityHeaders(response.headers);
  // The request id comes from the log context.
  const fields = {
    method: request.method,
    path: url.pathname,
    status: response.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    partner: ctx.caller?.partnerId,
    client: ctx.caller?.clientId,
  };
  countRequest(request.method, routeTemplate(url.pathname, params), response.status, started);
  if (failure) log.error("request failed", { ...fields, error: failure, stack: (failure as Error)?.stack });
  else log.info("request", fields);
  return response;
}

function countRequest(method: string, route: string, status: number, started: number): void {
  const m = metrics();
  m.httpRequests.inc({ method, route, status: String(status) });
  m.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
  if (status === 429) m.rateLimited.inc({ limit: route === "/oauth/token" ? "token" : "api" });
}

export function json(body: unknown, ctx: ApiContext, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...Object.fromEntries(ctx.headers),
    },
  });
}
