// Next's spans of its internal steps are made but not sent; its server span and its span of the
// handler's run are, and so is anything else (ours, Prisma's).
import { SpanKind, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestTracing, type TestTracing } from "./test-tracing";

let tracing: TestTracing;
beforeAll(() => {
  tracing = startTestTracing();
});
afterAll(() => tracing?.stop());

it("sends Next's request and handler spans, not its internal steps", async () => {
  const next = trace.getTracer("next.js");
  const span = (name: string, type: string, kind = SpanKind.INTERNAL) =>
    next.startSpan(name, { kind, attributes: { "next.span_type": type } }).end();
  span("POST /partner/order", "BaseServer.handleRequest", SpanKind.SERVER);
  span("executing api route (app) /partner/order", "AppRouteRouteHandlers.runHandler");
  span("resolve page components", "NextNodeServer.findPageComponents");
  span("load route module", "LoadComponents.loadRouteModule");
  span("prepare route module", "RouteModule.prepare");
  span("load app route module", "AppRouteRouteModule.loadUserland");
  span("start response", "NextNodeServer.startResponse");
  trace.getTracer("partner-orders-portal").startSpan("job order.process").end();

  expect((await tracing.spans()).map((s) => s.name)).toEqual([
    "POST /partner/order",
    "executing api route (app) /partner/order",
    "job order.process",
  ]);
});
