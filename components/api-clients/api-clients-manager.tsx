"use client";
// API clients of the partner: create with chosen scopes, rotate the secret, revoke. Only the list
// query is refreshed after a change (not every query of the page).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SCOPE_DESCRIPTIONS, SCOPES, type Scope } from "@/server/domain/scopes";
import type { PartnerApiClient } from "@/server/view-types";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { fieldMessagesFromError, messagesFor } from "../preview/field-messages";
import { useTRPC } from "../providers/trpc";
import { ConfirmButton } from "../ui/confirm-button";
import { EmptyState } from "../ui/empty-state";
import { describedBy, FieldError } from "../ui/field-error";
import { type Column, TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";
import { SecretReveal } from "./secret-reveal";

const COLUMNS: Column[] = [
  "Name",
  "Client id",
  "Scopes",
  "Created",
  "Last used",
  "Status",
  { label: "Actions", visuallyHidden: true },
];

export function ApiClientsManager({ initial }: { initial: PartnerApiClient[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const locale = useLocaleSettings();
  const [revealed, setRevealed] = useState<{ clientId: string; secret: string } | null>(null);
  const list = useQuery({ ...trpc.apiClients.list.queryOptions(), initialData: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiClients.list.queryKey() });

  const rotate = useMutation(
    trpc.apiClients.rotateSecret.mutationOptions({
      onSuccess: (result) => {
        setRevealed({ clientId: result.client.clientId, secret: result.clientSecret });
        toast.success(`New secret for ${result.client.name}. The old one no longer works.`);
        void refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const revoke = useMutation(
    trpc.apiClients.revoke.mutationOptions({
      onSuccess: (client) => {
        toast.success(`${client.name} revoked. Its tokens are refused from now on.`);
        void refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  return (
    <>
      {revealed ? <SecretReveal {...revealed} onDone={() => setRevealed(null)} /> : null}
      <CreateClientForm
        onCreated={(clientId, secret) => {
          setRevealed({ clientId, secret });
          void refresh();
        }}
      />
      <section className="stack" aria-labelledby="clients-title" style={{ marginTop: 24 }}>
        <h2 id="clients-title">Clients</h2>
        {list.data.length === 0 ? (
          <EmptyState panel title="No API clients yet">
            Create one above to let your systems place orders.
          </EmptyState>
        ) : (
          <TableWrap label="API clients">
            <table className="data">
              <TableHead caption="API clients" columns={COLUMNS} />
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.clientId} data-testid={`client-${c.clientId}`}>
                    <td>{c.name}</td>
                    <td className="mono small">{c.clientId}</td>
                    <td>
                      {c.scopes.map((s) => (
                        <span key={s} className="badge" style={{ marginRight: 4 }}>
                          {s}
                        </span>
                      ))}
                    </td>
                    <td className="small">
                      {formatDateTime(c.createdAt, locale)}
                      {c.createdBy ? <div className="muted">by {c.createdBy}</div> : null}
                    </td>
                    <td className="small">{c.lastUsedAt ? formatDateTime(c.lastUsedAt, locale) : "Never"}</td>
                    <td>
                      {c.revokedAt ? (
                        <span className="badge danger">revoked</span>
                      ) : (
                        <span className="badge ok">active</span>
                      )}
                    </td>
                    <td>
                      {c.revokedAt ? null : (
                        <div className="button-row">
                          <ConfirmButton
                            label="Rotate secret"
                            accessibleLabel={`Rotate secret: ${c.name}`}
                            title={`Rotate the secret of ${c.name}?`}
                            confirmLabel="Rotate"
                            disabled={rotate.isPending}
                            onConfirm={() => rotate.mutate({ clientId: c.clientId })}
                          >
                            A new secret replaces the current one at once: systems using the old secret can no
                            longer get tokens, and tokens already issued stop working too.
                          </ConfirmButton>
                          <ConfirmButton
                            label="Revoke"
                            accessibleLabel={`Revoke: ${c.name}`}
                            title={`Revoke ${c.name}?`}
                            confirmLabel="Revoke"
                            danger
                            disabled={revoke.isPending}
                            onConfirm={() => revoke.mutate({ clientId: c.clientId })}
                          >
                            The client can no longer get tokens, and its current tokens are refused. This
                            cannot be undone.
                          </ConfirmButton>
                        </div>
                      )}
                    </td>
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

function CreateClientForm({ onCreated }: { onCreated: (clientId: string, secret: string) => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>([
    "orders:preview",
    "orders:write",
    "orders:read",
    "catalog:read",
  ]);
  const hydrated = useHydrated();
  const create = useMutation(
    trpc.apiClients.create.mutationOptions({
      onSuccess: (result) => {
        toast.success(`API client ${result.client.name} created.`);
        setName("");
        onCreated(result.client.clientId, result.clientSecret);
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const messages = create.error ? fieldMessagesFromError(create.error) : [];
  return (
    <form
      className="panel"
      aria-labelledby="create-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!create.isPending) create.mutate({ name, scopes });
      }}
    >
      <h2 id="create-title" className="panel-title">
        Create an API client
      </h2>
      <div className="form-grid" style={{ alignItems: "start" }}>
        <div className="field">
          <label htmlFor="client-name">Name</label>
          <input
            id="client-name"
            type="text"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. ERP integration"
            {...describedBy("client-name-err", messagesFor(messages, "name"))}
          />
          <FieldError id="client-name-err" messages={messagesFor(messages, "name")} />
        </div>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))
                }
              />
              <span>
                <code>{s}</code> <span className="muted small">{SCOPE_DESCRIPTIONS[s]}</span>
              </span>
            </label>
          ))}
          <FieldError id="client-scopes-err" messages={messagesFor(messages, "scopes")} />
        </fieldset>
      </div>
      <div style={{ marginTop: 12 }}>
        <button
          type="submit"
          className="button primary"
          disabled={!hydrated || create.isPending || !name.trim() || scopes.length === 0}
        >
          {create.isPending ? "Creating…" : "Create client"}
        </button>
      </div>
    </form>
  );
}
