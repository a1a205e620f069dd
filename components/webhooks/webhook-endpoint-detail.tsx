"use client";
// One webhook endpoint for an admin: what it is and whether it is on (and why the portal turned
// it off), enable or disable it, send a test event, rotate the signing secret (the new one is
// shown once; the old one keeps signing for 24 hours), delete it, change its URL, events or
// description, and its delivery log below.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import type { WebhookEndpointView } from "@/server/domain/webhook-schemas";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { fieldMessagesFromError } from "../preview/field-messages";
import { useTRPC } from "../providers/trpc";
import { ConfirmButton } from "../ui/confirm-button";
import { Panel } from "../ui/panel";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";
import { DeliveryLog, type DeliveryPage, useDeliveryLog } from "./delivery-log";
import { EndpointFields, type EndpointFieldValues, EndpointFormError, errorText } from "./endpoint-fields";
import { EndpointStatusBadges } from "./endpoint-status";
import { WebhookSecretReveal } from "./webhook-secret-reveal";

export function WebhookEndpointDetail({
  initial,
  initialDeliveries,
}: {
  initial: WebhookEndpointView;
  initialDeliveries: DeliveryPage;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const locale = useLocaleSettings();
  const hydrated = useHydrated();
  const id = initial.id;
  const [revealed, setRevealed] = useState<{ secret: string; previousUntil: string | null } | null>(null);
  const endpointKey = trpc.webhooks.get.queryKey({ id });
  const query = useQuery({ ...trpc.webhooks.get.queryOptions({ id }), initialData: initial });
  const endpoint = query.data;
  // A delivery that ended may have started or ended a failure streak (failingSince).
  const refreshEndpoint = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ id }) }),
    [queryClient, trpc, id],
  );
  const log = useDeliveryLog(id, initialDeliveries, refreshEndpoint);
  const saved = (next: WebhookEndpointView) => {
    queryClient.setQueryData(endpointKey, next);
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  };
  const onError = (error: { message: string }) => toast.error(error.message);

  const setEnabled = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: (next) => {
        saved(next);
        toast.success(next.enabled ? "Endpoint enabled." : "Endpoint disabled: no events are sent to it.");
      },
      onError,
    }),
  );
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => {
        toast.success("Test event queued: watch it in the deliveries below.");
        void log.follow();
      },
      onError,
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: ({ secret, ...next }) => {
        saved(next);
        setRevealed({ secret, previousUntil: next.previousSecretExpiresAt });
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Webhook endpoint ${endpoint.url} deleted.`);
        // The list page starts again from what its server component reads.
        queryClient.removeQueries({ queryKey: trpc.webhooks.list.queryKey() });
        router.push("/settings/webhooks");
      },
      onError,
    }),
  );
  const busy = !hydrated || [setEnabled, sendTest, rotate, remove].some((m) => m.isPending);

  return (
    <div className="stack">
      <div role="status" aria-live="polite">
        {endpoint.disabledReason ? (
          <div className="alert error" data-testid="endpoint-disabled-reason">
            <strong>The portal turned this endpoint off.</strong> {endpoint.disabledReason}
          </div>
        ) : !endpoint.enabled ? (
          <div className="alert warn">This endpoint is disabled: events are not sent to it.</div>
        ) : endpoint.failingSince ? (
          <div className="alert warn" data-testid="endpoint-failing">
            Deliveries have failed since {formatDateTime(endpoint.failingSince, locale)}. If none succeeds for
            5 days, the portal turns the endpoint off.
          </div>
        ) : null}
      </div>
      {revealed ? (
        <WebhookSecretReveal url={endpoint.url} secret={revealed.secret} onDone={() => setRevealed(null)}>
          The old secret keeps working for 24 hours
          {revealed.previousUntil ? ` (until ${formatDateTime(revealed.previousUntil, locale)})` : ""}: until
          then every delivery is signed with both, so your receiver keeps verifying while you switch it to the
          new one.
        </WebhookSecretReveal>
      ) : null}
      <Panel id="endpoint-title" title="Endpoint">
        <dl className="facts">
          <dt>URL</dt>
          <dd className="mono" data-testid="endpoint-url">
            {endpoint.url}
          </dd>
          <dt>Events</dt>
          <dd>
            {endpoint.events.map((e) => (
              <span key={e} className="badge" style={{ marginRight: 4 }}>
                {e}
              </span>
            ))}
          </dd>
          <dt>Description</dt>
          <dd>{endpoint.description ?? "—"}</dd>
          <dt>Status</dt>
          <dd data-testid="endpoint-status">
            <EndpointStatusBadges endpoint={endpoint} />
          </dd>
          <dt>Failing since</dt>
          <dd>{endpoint.failingSince ? formatDateTime(endpoint.failingSince, locale) : "—"}</dd>
          {endpoint.previousSecretExpiresAt ? (
            <>
              <dt>Previous secret</dt>
              <dd>valid until {formatDateTime(endpoint.previousSecretExpiresAt, locale)}</dd>
            </>
          ) : null}
          <dt>Created</dt>
          <dd>{formatDateTime(endpoint.createdAt, locale)}</dd>
          <dt>Endpoint id</dt>
          <dd className="mono small">{endpoint.id}</dd>
        </dl>
        <div className="button-row" style={{ marginTop: 16 }}>
          <button
            type="button"
            className="button small primary"
            disabled={busy || !endpoint.enabled}
            title={endpoint.enabled ? undefined : "Enable the endpoint to send it events"}
            onClick={() => sendTest.mutate({ id })}
          >
            {sendTest.isPending ? "Sending…" : "Send test event"}
          </button>
          {endpoint.enabled ? (
            <ConfirmButton
              label="Disable"
              title="Disable this endpoint?"
              confirmLabel="Disable"
              disabled={busy}
              onConfirm={() => setEnabled.mutate({ id, enabled: false })}
            >
              Events that happen while it is disabled are not sent to it, not even once it is enabled again.
            </ConfirmButton>
          ) : (
            <button
              type="button"
              className="button small"
              disabled={busy}
              onClick={() => setEnabled.mutate({ id, enabled: true })}
            >
              Enable
            </button>
          )}
          <ConfirmButton
            label="Rotate secret"
            title="Rotate the signing secret?"
            confirmLabel="Rotate"
            disabled={busy}
            onConfirm={() => rotate.mutate({ id })}
          >
            A new secret is made and shown once. The current one keeps working for 24 hours (every delivery is
            signed with both), so your receiver keeps verifying while you switch it to the new one.
          </ConfirmButton>
          <ConfirmButton
            label="Delete"
            title="Delete this endpoint?"
            confirmLabel="Delete"
            danger
            disabled={busy}
            onConfirm={() => remove.mutate({ id })}
          >
            It receives no more events, and its delivery log is deleted with it; deliveries not yet sent are
            dropped. This cannot be undone.
          </ConfirmButton>
        </div>
      </Panel>
      {/* Starts again from what is saved whenever that changes (not on enable or disable). */}
      <EditEndpointForm
        key={[endpoint.url, ...endpoint.events, endpoint.description].join("|")}
        endpoint={endpoint}
        onSaved={saved}
      />
      <DeliveryLog endpointId={id} endpointEnabled={endpoint.enabled} log={log} />
    </div>
  );
}

/** Changes the URL, events or description; sends only what changed. */
function EditEndpointForm({
  endpoint,
  onSaved,
}: {
  endpoint: WebhookEndpointView;
  onSaved: (endpoint: WebhookEndpointView) => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const hydrated = useHydrated();
  const [values, setValues] = useState<EndpointFieldValues>({
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description ?? "",
  });
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: (next) => {
        toast.success("Endpoint saved.");
        onSaved(next);
      },
      onError: (error) => toast.error(errorText(error, fieldMessagesFromError(error))),
    }),
  );
  const changes = {
    ...(values.url.trim() !== endpoint.url ? { url: values.url } : {}),
    ...(values.events.length !== endpoint.events.length ||
    values.events.some((e) => !endpoint.events.includes(e))
      ? { events: values.events }
      : {}),
    ...(values.description.trim() !== (endpoint.description ?? "")
      ? { description: values.description.trim() || null }
      : {}),
  };
  const changed = Object.keys(changes).length > 0;
  const messages = update.error ? fieldMessagesFromError(update.error) : [];
  return (
    <form
      className="panel"
      aria-labelledby="edit-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!update.isPending && changed) update.mutate({ id: endpoint.id, ...changes });
      }}
    >
      <h2 id="edit-title" className="panel-title">
        Change the endpoint
      </h2>
      <EndpointFields idPrefix="edit" values={values} onChange={setValues} messages={messages} />
      <EndpointFormError error={update.error} messages={messages} />
      <div style={{ marginTop: 12 }}>
        <button
          type="submit"
          className="button"
          disabled={!hydrated || update.isPending || !changed || values.events.length === 0}
        >
          {update.isPending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}
