"use client";
// The partner's webhook endpoints for an admin: register one (its signing secret is shown once),
// and the list, each endpoint linking to its page (settings, test event, delivery log). Only the
// list query is refreshed after a change.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { WebhookEndpointView } from "@/server/domain/webhook-schemas";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { fieldMessagesFromError } from "../preview/field-messages";
import { useTRPC } from "../providers/trpc";
import { EmptyState } from "../ui/empty-state";
import { TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";
import { EndpointFields, type EndpointFieldValues, EndpointFormError, errorText } from "./endpoint-fields";
import { EndpointStatusBadges } from "./endpoint-status";
import { WebhookSecretReveal } from "./webhook-secret-reveal";

type Revealed = { id: string; url: string; secret: string };

export function WebhookEndpointsManager({ initial }: { initial: { items: WebhookEndpointView[] } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locale = useLocaleSettings();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), initialData: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });

  return (
    <>
      {revealed ? (
        <WebhookSecretReveal url={revealed.url} secret={revealed.secret} onDone={() => setRevealed(null)}>
          <Link href={`/settings/webhooks/${revealed.id}`}>Open the endpoint</Link> to send it a test event.
        </WebhookSecretReveal>
      ) : null}
      <RegisterEndpointForm
        onRegistered={(endpoint) => {
          setRevealed(endpoint);
          void refresh();
        }}
      />
      <section className="stack" aria-labelledby="endpoints-title" style={{ marginTop: 24 }}>
        <h2 id="endpoints-title">Endpoints</h2>
        {list.data.items.length === 0 ? (
          <EmptyState panel title="No webhook endpoints yet">
            Register one above to have orders and subscriptions reported to your systems as they change.
          </EmptyState>
        ) : (
          <TableWrap label="Webhook endpoints">
            <table className="data">
              <TableHead caption="Webhook endpoints" columns={["URL", "Events", "Status", "Created"]} />
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id} data-testid={`endpoint-${e.id}`}>
                    <td>
                      <Link href={`/settings/webhooks/${e.id}`} className="mono small">
                        {e.url}
                      </Link>
                      {e.description ? <div className="muted small">{e.description}</div> : null}
                    </td>
                    <td className="small">
                      {e.events.length === 1 ? <code>{e.events[0]}</code> : `${e.events.length} events`}
                    </td>
                    <td>
                      <EndpointStatusBadges endpoint={e} />
                    </td>
                    <td className="small">{formatDateTime(e.createdAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

const EMPTY: EndpointFieldValues = { url: "", events: [], description: "" };

function RegisterEndpointForm({ onRegistered }: { onRegistered: (endpoint: Revealed) => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const hydrated = useHydrated();
  const [values, setValues] = useState<EndpointFieldValues>(EMPTY);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (endpoint) => {
        toast.success(`Webhook endpoint ${endpoint.url} registered.`);
        setValues(EMPTY);
        onRegistered({ id: endpoint.id, url: endpoint.url, secret: endpoint.secret });
      },
      onError: (error) => toast.error(errorText(error, fieldMessagesFromError(error))),
    }),
  );
  const messages = create.error ? fieldMessagesFromError(create.error) : [];
  return (
    <form
      className="panel"
      aria-labelledby="register-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (create.isPending) return;
        create.mutate({
          url: values.url,
          events: values.events,
          description: values.description.trim() || undefined,
        });
      }}
    >
      <h2 id="register-title" className="panel-title">
        Register an endpoint
      </h2>
      <p className="muted small" style={{ marginTop: 0 }}>
        The portal POSTs each event you choose to the URL, signed per Standard Webhooks, and retries for about
        a day while your receiver does not answer 2xx.
      </p>
      <EndpointFields idPrefix="register" values={values} onChange={setValues} messages={messages} />
      <EndpointFormError error={create.error} messages={messages} />
      <div style={{ marginTop: 12 }}>
        <button
          type="submit"
          className="button primary"
          disabled={!hydrated || create.isPending || !values.url.trim() || values.events.length === 0}
        >
          {create.isPending ? "Registering…" : "Register endpoint"}
        </button>
      </div>
    </form>
  );
}
