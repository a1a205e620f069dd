// The log line of an error that escaped a page or route handler (see instrumentation.ts).
import type { Instrumentation } from "next";
import { log } from "../../infra/log/log";
import { acceptedRequestId, REQUEST_ID_HEADER } from "./request-id";

type Args = Parameters<Instrumentation.onRequestError>;

export function logRequestError(error: Args[0], request: Args[1], context: Args[2]): void {
  const header = request.headers[REQUEST_ID_HEADER];
  const failure = error as Error & { digest?: string };
  log.error("request failed", {
    requestId: acceptedRequestId(Array.isArray(header) ? header[0] : header) ?? undefined,
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
    digest: failure?.digest,
    error: failure,
    stack: failure?.stack,
  });
}
