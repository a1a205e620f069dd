// Which spans are worth their cost. Every span costs the request that makes it (a few µs), and
// then the exporter's time to serialize and send it; at a few hundred requests a second that is
// what decides how much tracing slows the server. So spans that time near-nothing an operator can
// act on are not made, or not sent:
//
// - Prisma makes four spans a query: the operation, its in-memory serializing and compiling, and
//   the SQL statement. Only the statement (`prisma:client:db_query`, with its SQL text and
//   duration) and transactions are kept; the other three are not even made.
// - Next.js's spans of its internal steps for a route handler (finding and loading the route's
//   module, preparing it, starting the response) are made by Next but not sent: all near zero,
//   they would be a third of a request's spans. Next's server span of the request and its span of
//   the handler's run stay. They are told apart by their `next.span_type`; none of those left out
//   is the parent of a span that is kept.
import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace";

/** Prisma's span types that are not made (see @prisma/instrumentation's ignoreSpanTypes). */
export const PRISMA_SPANS_LEFT_OUT = [
  "prisma:client:operation",
  "prisma:client:serialize",
  "prisma:client:compile",
];

/** Next's span types (`next.span_type`) that are not sent. */
export const NEXT_SPANS_LEFT_OUT: ReadonlySet<string> = new Set([
  "NextNodeServer.findPageComponents",
  "LoadComponents.loadRouteModule",
  "RouteModule.prepare",
  "AppRouteRouteModule.loadUserland",
  "NextNodeServer.startResponse",
]);

export function isLeftOut(span: ReadableSpan): boolean {
  const type = span.attributes["next.span_type"];
  return typeof type === "string" && NEXT_SPANS_LEFT_OUT.has(type);
}

/** A span processor passing on to `inner` only the spans that are kept. */
export function selectingProcessor(inner: SpanProcessor): SpanProcessor {
  return {
    onStart: (span: Span, parentContext: Context) => inner.onStart(span, parentContext),
    onEnd: (span: ReadableSpan) => {
      if (!isLeftOut(span)) inner.onEnd(span);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
  };
}
