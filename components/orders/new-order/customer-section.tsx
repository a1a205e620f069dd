"use client";
// Who the order is for: an existing customer of this partner (search as you type, keyboard
// friendly combobox) or a new one (name and email).
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type FieldMessage, messagesFor } from "../../preview/field-messages";
import { useDebounced } from "../../preview/use-debounced";
import { useTRPC } from "../../providers/trpc";
import { describedBy, FieldError } from "../../ui/field-error";
import type { OrderFormState } from "./order-form-state";

type Props = {
  state: OrderFormState;
  update: (patch: Partial<OrderFormState>) => void;
  messages: readonly FieldMessage[];
};

export function CustomerSection({ state, update, messages }: Props) {
  const details = state.customerDetails;
  const set = (patch: Partial<OrderFormState["customerDetails"]>) =>
    update({ customerDetails: { ...details, ...patch } });
  const m = (path: string) => messagesFor(messages, path);
  return (
    <fieldset className="form-section">
      <legend>Customer</legend>
      <div className="segmented" role="radiogroup" aria-label="Customer" style={{ marginBottom: 12 }}>
        <label>
          <input
            type="radio"
            name="customer-mode"
            value="new"
            checked={state.customerMode === "new"}
            onChange={() => update({ customerMode: "new" })}
          />
          New customer
        </label>
        <label>
          <input
            type="radio"
            name="customer-mode"
            value="existing"
            checked={state.customerMode === "existing"}
            onChange={() => update({ customerMode: "existing" })}
          />
          Existing customer
        </label>
      </div>
      {state.customerMode === "existing" ? (
        <CustomerSearch state={state} update={update} messages={m("customer")} />
      ) : (
        <div className="form-grid">
          <div className="field">
            <label htmlFor="c-first">First name</label>
            <input
              id="c-first"
              type="text"
              autoComplete="off"
              value={details.firstName}
              onChange={(e) => set({ firstName: e.target.value })}
              {...describedBy("c-first-err", m("customerDetails.firstName"))}
            />
            <FieldError id="c-first-err" messages={m("customerDetails.firstName")} />
          </div>
          <div className="field">
            <label htmlFor="c-last">Last name</label>
            <input
              id="c-last"
              type="text"
              autoComplete="off"
              value={details.lastName}
              onChange={(e) => set({ lastName: e.target.value })}
              {...describedBy("c-last-err", m("customerDetails.lastName"))}
            />
            <FieldError id="c-last-err" messages={m("customerDetails.lastName")} />
          </div>
          <div className="field">
            <label htmlFor="c-email">Email</label>
            <input
              id="c-email"
              type="email"
              autoComplete="off"
              value={details.email}
              onChange={(e) => set({ email: e.target.value })}
              {...describedBy("c-email-err", m("customerDetails.email"))}
            />
            <FieldError id="c-email-err" messages={m("customerDetails.email")} />
          </div>
          <div className="field">
            <label htmlFor="c-phone">
              Phone <span className="muted">(optional)</span>
            </label>
            <input
              id="c-phone"
              type="tel"
              autoComplete="off"
              value={details.phone}
              onChange={(e) => set({ phone: e.target.value })}
            />
          </div>
        </div>
      )}
    </fieldset>
  );
}

function CustomerSearch({ state, update, messages }: Omit<Props, "messages"> & { messages: FieldMessage[] }) {
  const trpc = useTRPC();
  const listId = useId();
  const [text, setText] = useState(state.customer?.label ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const results = useQuery({
    ...trpc.customers.list.queryOptions(open ? { q: q || undefined, limit: 8 } : skipToken),
    placeholderData: keepPreviousData,
  });
  const items = results.data?.items ?? [];

  function choose(index: number) {
    const c = items[index];
    if (!c) return;
    const label = `${c.firstName} ${c.lastName} <${c.email}>`;
    setText(label);
    setOpen(false);
    update({ customer: { owner: c.owner, label }, ...(c.country ? { country: c.country } : {}) });
  }

  return (
    <div className="field combobox">
      <label htmlFor="c-search">Find a customer</label>
      <input
        id="c-search"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && items[active] ? `${listId}-${active}` : undefined}
        placeholder="Name or email"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
          if (state.customer) update({ customer: null });
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, items.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === "Enter" && open && items.length) {
            e.preventDefault();
            choose(active);
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
        {...describedBy("c-search-err", messages)}
      />
      {open && items.length > 0 ? (
        <div role="listbox" id={listId} aria-label="Matching customers">
          {items.map((c, i) => (
            // Options of a combobox with aria-activedescendant: focus stays in the input.
            // biome-ignore lint/a11y/useFocusableInteractive: see above
            <div
              key={c.owner}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onKeyDown={() => {}}
            >
              {c.firstName} {c.lastName} <span className="muted small">{c.email}</span>
            </div>
          ))}
        </div>
      ) : null}
      {open && results.isSuccess && items.length === 0 ? (
        <p className="hint">No customer matches “{q}”. Switch to “New customer” to add one.</p>
      ) : null}
      {state.customer ? <p className="hint">Selected: {state.customer.label}</p> : null}
      <FieldError id="c-search-err" messages={messages} />
    </div>
  );
}
