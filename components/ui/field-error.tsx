import type { FieldMessage } from "../preview/field-messages";

/** The messages about one field, linked to it through aria-describedby by `id`. */
export function FieldError({ id, messages }: { id: string; messages: readonly FieldMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} data-testid={`problem-${id}`}>
      {messages.map((m) => (
        <p key={`${m.path}:${m.code ?? ""}:${m.message}`} className="field-error">
          {m.message}
        </p>
      ))}
    </div>
  );
}

/** Props that tie an input to its messages for assistive technology. */
export function describedBy(id: string, messages: readonly FieldMessage[]) {
  return messages.length ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}
