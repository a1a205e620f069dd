"use client";
// The fields of a webhook endpoint (URL, the events it receives, a description), shared by the
// form that registers one and the form that changes it. Each field shows the server's messages
// about it (a URL the outbound rules refuse names why).
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/server/domain/webhook-schemas";
import { type FieldMessage, messagesFor } from "../preview/field-messages";
import { describedBy, FieldError } from "../ui/field-error";

export type EndpointFieldValues = { url: string; events: WebhookEventType[]; description: string };

export function EndpointFields({
  idPrefix,
  values,
  onChange,
  messages,
}: {
  idPrefix: string;
  values: EndpointFieldValues;
  onChange: (values: EndpointFieldValues) => void;
  messages: readonly FieldMessage[];
}) {
  const url = messagesFor(messages, "url");
  const events = messagesFor(messages, "events");
  const description = messagesFor(messages, "description");
  const set = (change: Partial<EndpointFieldValues>) => onChange({ ...values, ...change });
  return (
    <div className="form-grid" style={{ alignItems: "start" }}>
      <div className="stack">
        <div className="field">
          <label htmlFor={`${idPrefix}-url`}>URL</label>
          <input
            id={`${idPrefix}-url`}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={2000}
            value={values.url}
            onChange={(e) => set({ url: e.target.value })}
            placeholder="https://example.com/webhooks"
            {...describedBy(`${idPrefix}-url-err`, url)}
          />
          <FieldError id={`${idPrefix}-url-err`} messages={url} />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-description`}>Description (optional)</label>
          <input
            id={`${idPrefix}-description`}
            type="text"
            maxLength={200}
            value={values.description}
            onChange={(e) => set({ description: e.target.value })}
            placeholder="e.g. ERP order sync"
            {...describedBy(`${idPrefix}-description-err`, description)}
          />
          <FieldError id={`${idPrefix}-description-err`} messages={description} />
        </div>
      </div>
      <fieldset aria-describedby={events.length ? `${idPrefix}-events-err` : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={values.events.includes(type)}
              onChange={(e) =>
                set({
                  events: e.target.checked
                    ? [...values.events, type]
                    : values.events.filter((x) => x !== type),
                })
              }
            />
            <code>{type}</code>
          </label>
        ))}
        <FieldError id={`${idPrefix}-events-err`} messages={events} />
      </fieldset>
    </div>
  );
}

/** A failed save's message when no field shows it (a field's own problems stand next to the field). */
export function EndpointFormError({
  error,
  messages,
}: {
  error: { message: string } | null;
  messages: readonly FieldMessage[];
}) {
  if (!error || messages.length > 0) return null;
  return (
    <p className="alert error" role="alert">
      {error.message}
    </p>
  );
}

/** What a failed change says in one readable sentence: the field problems, else the message. */
export function errorText(error: { message: string }, messages: readonly FieldMessage[]): string {
  if (messages.length === 0) return error.message;
  return messages.map((m) => (m.path ? `${m.path}: ${m.message}` : m.message)).join("; ");
}
