"use client";
// An endpoint's delivery log, newest first, a page at a time ("Show older deliveries"). While a
// delivery is pending the log asks again by itself (every few seconds for a while after the page
// loads or something is sent, then every 30 s; not while the tab is hidden), so a test event or a
// resend shows up as delivered or failed without reloading. Each row opens to the payload and
// every attempt; a delivered or failed one can be sent again, with the same webhook-id.
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import type { WebhookDeliveryView } from "@/server/domain/webhook-schemas";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { useTRPC } from "../providers/trpc";
import { EmptyState } from "../ui/empty-state";
import { type Column, TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";
import { useToast } from "../ui/toaster";
import { DeliveryStatusBadge } from "./endpoint-status";

export type DeliveryPage = { items: WebhookDeliveryView[]; next_cursor: string | null };

const FAST_POLL_MS = 2000;
const SLOW_POLL_MS = 30_000;
/** How long after the page loads or a delivery is sent the log is followed closely. */
const FOLLOW_CLOSELY_MS = 5 * 60_000;

const DELIVERY_COLUMNS: Column[] = [
  "Event",
  "Status",
  { label: "Attempts", num: true },
  { label: "Response", num: true },
  { label: "Latency", num: true },
  "Time",
  { label: "Actions", visuallyHidden: true },
];
const ATTEMPT_COLUMNS: Column[] = [
  "#",
  "Time",
  { label: "Status code", num: true },
  { label: "Latency", num: true },
  "Error",
  "Response body",
];

const anyPending = (data: InfiniteData<DeliveryPage> | undefined) =>
  data?.pages.some((page) => page.items.some((d) => d.status === "pending")) ?? false;

/**
 * The log's query, and `follow`, which refreshes it now and follows it closely again (call it
 * after sending something). `onSettled` runs when the last pending delivery has ended.
 */
export function useDeliveryLog(endpointId: string, initial: DeliveryPage, onSettled: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const closelyUntil = useRef(0);
  useEffect(() => {
    closelyUntil.current = Date.now() + FOLLOW_CLOSELY_MS;
  }, []);
  const query = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions(
      { id: endpointId },
      {
        initialData: { pages: [initial], pageParams: [null] },
        getNextPageParam: (last) => last.next_cursor,
        refetchInterval: (q) =>
          anyPending(q.state.data)
            ? Date.now() < closelyUntil.current
              ? FAST_POLL_MS
              : SLOW_POLL_MS
            : false,
      },
    ),
  );
  const pending = anyPending(query.data);
  const wasPending = useRef(pending);
  useEffect(() => {
    if (wasPending.current && !pending) onSettled();
    wasPending.current = pending;
  }, [pending, onSettled]);
  const queryKey = trpc.webhooks.deliveries.infiniteQueryKey({ id: endpointId });
  const follow = useCallback(() => {
    closelyUntil.current = Date.now() + FOLLOW_CLOSELY_MS;
    return queryClient.invalidateQueries({ queryKey });
  }, [queryClient, queryKey]);
  return { query, pending, follow };
}

export function DeliveryLog({
  endpointId,
  endpointEnabled,
  log,
}: {
  endpointId: string;
  endpointEnabled: boolean;
  log: ReturnType<typeof useDeliveryLog>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const locale = useLocaleSettings();
  const [open, setOpen] = useState<string | null>(null);
  const { query, pending, follow } = log;
  const resend = useMutation(
    trpc.webhooks.resend.mutationOptions({
      onSuccess: (delivery) => {
        toast.success(`${delivery.eventType} is being sent again, with the same webhook-id.`);
        void follow();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const deliveries = query.data.pages.flatMap((page) => page.items);

  return (
    <section className="stack" aria-labelledby="deliveries-title" style={{ marginTop: 24 }}>
      <h2 id="deliveries-title">Deliveries</h2>
      <p className="muted small" role="status" style={{ margin: 0 }}>
        {pending ? "A delivery is pending: this log updates by itself." : null}
        {query.isError ? `Could not refresh the log: ${query.error.message}` : null}
      </p>
      {deliveries.length === 0 ? (
        <EmptyState panel title="No deliveries yet">
          Every event sent to this endpoint is listed here with the receiver&apos;s answers. Send a test event
          to try your receiver.
        </EmptyState>
      ) : (
        <TableWrap label="Deliveries">
          <table className="data">
            <TableHead caption="Deliveries, newest first" columns={DELIVERY_COLUMNS} />
            <tbody>
              {deliveries.map((d) => {
                const expanded = open === d.id;
                const label = `${d.eventType}, ${formatDateTime(d.createdAt, locale)}`;
                return (
                  <Fragment key={d.id}>
                    <tr data-testid={`delivery-${d.id}`} data-status={d.status}>
                      <td>
                        <code>{d.eventType}</code>
                      </td>
                      <td>
                        <DeliveryStatusBadge status={d.status} />
                      </td>
                      <td className="num" data-testid="attempts">
                        {d.attempts}
                      </td>
                      <td className="num" data-testid="status-code">
                        {d.lastStatusCode ?? "—"}
                      </td>
                      <td className="num">{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</td>
                      <td className="small">{formatDateTime(d.createdAt, locale)}</td>
                      <td>
                        <div className="button-row">
                          <button
                            type="button"
                            className="button small"
                            aria-expanded={expanded}
                            aria-controls={`delivery-details-${d.id}`}
                            aria-label={`${expanded ? "Hide" : "Show"} details: ${label}`}
                            onClick={() => setOpen(expanded ? null : d.id)}
                          >
                            {expanded ? "Hide details" : "Details"}
                          </button>
                          {d.status === "pending" ? null : (
                            <button
                              type="button"
                              className="button small"
                              disabled={!endpointEnabled || resend.isPending}
                              title={endpointEnabled ? undefined : "Enable the endpoint to resend"}
                              aria-label={`Resend: ${label}`}
                              onClick={() => resend.mutate({ id: endpointId, deliveryId: d.id })}
                            >
                              Resend
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                    {expanded ? (
                      <tr id={`delivery-details-${d.id}`}>
                        <td colSpan={DELIVERY_COLUMNS.length}>
                          <DeliveryDetails delivery={d} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {query.hasNextPage ? (
        <div>
          <button
            type="button"
            className="button"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : "Show older deliveries"}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function DeliveryDetails({ delivery }: { delivery: WebhookDeliveryView }) {
  const locale = useLocaleSettings();
  return (
    <div className="stack" data-testid="delivery-details" style={{ padding: "4px 0" }}>
      <dl className="facts">
        <dt>webhook-id</dt>
        <dd className="mono small">{delivery.eventId}</dd>
        <dt>Delivered</dt>
        <dd>{delivery.deliveredAt ? formatDateTime(delivery.deliveredAt, locale) : "not yet"}</dd>
        {delivery.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{delivery.lastError}</dd>
          </>
        ) : null}
      </dl>
      <div>
        <h3 className="small" style={{ margin: "0 0 4px" }}>
          Payload
        </h3>
        <pre className="mono small" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: 0 }}>
          {prettyPayload(delivery.payload)}
        </pre>
      </div>
      <div>
        <h3 className="small" style={{ margin: "0 0 4px" }}>
          Attempts
        </h3>
        {delivery.attemptLog.length === 0 ? (
          <p className="muted small" style={{ margin: 0 }}>
            None yet.
          </p>
        ) : (
          <table className="data" data-testid="attempts-table">
            <TableHead caption="Attempts, oldest first" columns={ATTEMPT_COLUMNS} />
            <tbody>
              {delivery.attemptLog.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the attempt log only grows at its end
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td className="small">{formatDateTime(a.at, locale)}</td>
                  <td className="num">{a.statusCode ?? "none"}</td>
                  <td className="num">{a.latencyMs} ms</td>
                  <td className="small">{a.error ?? "—"}</td>
                  <td className="mono small" style={{ overflowWrap: "anywhere" }}>
                    {a.responseBody || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
