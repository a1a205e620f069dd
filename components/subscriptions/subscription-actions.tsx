"use client";
// Changes to a subscription — change offer, add an add-on, cancel (now or at the end of the term),
// renew — through the same preview-then-submit flow as a new order: the order is priced as it is
// edited, and submitted once with an idempotency key.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { OrderRequestInput } from "@/server/domain/order-request-schemas";
import type { SubmitResponse } from "@/server/domain/order-response-schemas";
import type { ListedOffer } from "@/server/view-types";
import { formatDate } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { OfferOptions } from "../orders/new-order/offer-lines";
import { parseQuantity } from "../orders/new-order/order-form-state";
import { type FieldMessage, fieldMessagesFromError, messagesFor } from "../preview/field-messages";
import { PreviewPanel } from "../preview/preview-panel";
import { submitErrorMessage } from "../preview/submit-error-message";
import { useOrderPreview } from "../preview/use-order-preview";
import { useSubmitOrder } from "../preview/use-submit-order";
import { describedBy, FieldError } from "../ui/field-error";
import { useToast } from "../ui/toaster";
import { useHydrated } from "../ui/use-hydrated";

type Action = "change_offer" | "add_offer" | "cancel" | "renew";

const ACTIONS: { value: Action; label: string }[] = [
  { value: "change_offer", label: "Change offer" },
  { value: "add_offer", label: "Add an add-on" },
  { value: "cancel", label: "Cancel" },
  { value: "renew", label: "Renew" },
];

type FormState = {
  action: Action;
  offerId: string;
  quantity: string;
  effectiveDate: string;
  effective: "end_of_term" | "immediately";
  reason: string;
  termMonths: string;
};

const initial = (action: Action): FormState => ({
  action,
  offerId: "",
  quantity: "1",
  effectiveDate: "",
  effective: "end_of_term",
  reason: "",
  termMonths: "",
});

function toBody(reference: string, s: FormState): OrderRequestInput | null {
  const forSubscription = { reference };
  const quantity = parseQuantity(s.quantity);
  switch (s.action) {
    case "change_offer":
    case "add_offer":
      if (!s.offerId || !Number.isInteger(quantity)) return null;
      return {
        order_type: s.action,
        forSubscription,
        orderItems: [{ offer: { id: s.offerId }, quantity }],
        ...(s.action === "change_offer" && s.effectiveDate ? { effectiveDate: s.effectiveDate } : {}),
      } as OrderRequestInput;
    case "cancel":
      return {
        order_type: "cancel",
        forSubscription,
        effective: s.effective,
        ...(s.reason.trim() ? { reason: s.reason.trim() } : {}),
      };
    case "renew": {
      const months = parseQuantity(s.termMonths);
      if (s.termMonths.trim() && !Number.isInteger(months)) return null;
      return {
        order_type: "renew",
        forSubscription,
        ...(Number.isInteger(months) ? { termMonths: months } : {}),
      };
    }
  }
}

type Props = {
  reference: string;
  currency: string;
  termEnd: string | null;
  offers: ListedOffer[];
};

export function SubscriptionActions({ reference, currency, termEnd, offers }: Props) {
  const [state, setState] = useState<FormState>(initial("change_offer"));
  const [submitMessages, setSubmitMessages] = useState<FieldMessage[]>([]);
  const [placed, setPlaced] = useState<SubmitResponse | null>(null);
  const router = useRouter();
  const toast = useToast();
  const locale = useLocaleSettings();
  const hydrated = useHydrated();
  const body = useMemo(() => toBody(reference, state), [reference, state]);
  const preview = useOrderPreview(body);
  const { submit, pending } = useSubmitOrder();
  const set = (patch: Partial<FormState>) => {
    setSubmitMessages([]);
    setState((s) => ({ ...s, ...patch }));
  };
  const messages = [...(preview.preview?.eligibility.problems ?? []), ...preview.errors, ...submitMessages];
  const m = (path: string) => messagesFor(messages, path);
  const canSubmit =
    body !== null && preview.current && preview.preview?.eligibility.eligible === true && !pending;
  const choices = offers.filter((o) => (state.action === "add_offer" ? o.addOn : !o.addOn));

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!canSubmit || !body) return;
    try {
      const result = await submit(body);
      if (!result) return;
      setPlaced(result.order);
      toast.success(
        `Order ${result.order.order_reference} placed: ${ACTIONS.find((a) => a.value === state.action)?.label}.`,
      );
      setState(initial(state.action));
      router.refresh();
    } catch (error) {
      setSubmitMessages(fieldMessagesFromError(error));
      toast.error(submitErrorMessage(error));
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="order-layout"
      aria-label="Change this subscription"
      data-hydrated={hydrated || undefined}
    >
      <div className="panel">
        <fieldset className="form-section">
          <legend>What do you want to do?</legend>
          <div className="segmented">
            {ACTIONS.map((a) => (
              <label key={a.value}>
                <input
                  type="radio"
                  name="subscription-action"
                  value={a.value}
                  checked={state.action === a.value}
                  onChange={() => {
                    setPlaced(null);
                    set(initial(a.value));
                  }}
                />
                {a.label}
              </label>
            ))}
          </div>
        </fieldset>

        {state.action === "change_offer" || state.action === "add_offer" ? (
          <fieldset className="form-section">
            <legend>{state.action === "add_offer" ? "Add-on" : "New offer"}</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="action-offer">Offer</label>
                <select
                  id="action-offer"
                  value={state.offerId}
                  onChange={(e) => set({ offerId: e.target.value })}
                  {...describedBy("action-offer-err", m("orderItems.0.offer"))}
                >
                  <OfferOptions offers={choices} currency={currency} />
                </select>
                <FieldError
                  id="action-offer-err"
                  messages={[
                    ...m("orderItems.0.offer"),
                    ...messages.filter((x) => x.path === "orderItems.0"),
                  ]}
                />
              </div>
              <div className="field">
                <label htmlFor="action-quantity">Quantity</label>
                <input
                  id="action-quantity"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={state.quantity}
                  onChange={(e) => set({ quantity: e.target.value })}
                  {...describedBy("action-quantity-err", m("orderItems.0.quantity"))}
                />
                <FieldError id="action-quantity-err" messages={m("orderItems.0.quantity")} />
              </div>
              {state.action === "change_offer" ? (
                <div className="field">
                  <label htmlFor="action-date">
                    Effective date <span className="muted">(optional)</span>
                  </label>
                  <input
                    id="action-date"
                    type="date"
                    value={state.effectiveDate}
                    onChange={(e) => set({ effectiveDate: e.target.value })}
                    {...describedBy("action-date-err", m("effectiveDate"))}
                  />
                  <span className="hint">
                    Today if left empty. The unused part of the old offer is credited.
                  </span>
                  <FieldError id="action-date-err" messages={m("effectiveDate")} />
                </div>
              ) : null}
            </div>
          </fieldset>
        ) : null}

        {state.action === "cancel" ? (
          <fieldset className="form-section">
            <legend>When should it end?</legend>
            <div className="stack">
              <label className="checkbox">
                <input
                  type="radio"
                  name="cancel-effective"
                  value="end_of_term"
                  checked={state.effective === "end_of_term"}
                  onChange={() => set({ effective: "end_of_term" })}
                />
                <span>
                  At the end of the term
                  <span className="hint" style={{ display: "block" }}>
                    {termEnd
                      ? "The customer keeps the service until the term ends; nothing more is billed after it."
                      : "A rolling subscription ends at the end of the current billing period."}
                  </span>
                </span>
              </label>
              <label className="checkbox">
                <input
                  type="radio"
                  name="cancel-effective"
                  value="immediately"
                  checked={state.effective === "immediately"}
                  onChange={() => set({ effective: "immediately" })}
                />
                <span>
                  Now
                  <span className="hint" style={{ display: "block" }}>
                    The service stops today.
                  </span>
                </span>
              </label>
              <div className="field">
                <label htmlFor="cancel-reason">
                  Reason <span className="muted">(optional)</span>
                </label>
                <textarea
                  id="cancel-reason"
                  rows={2}
                  value={state.reason}
                  onChange={(e) => set({ reason: e.target.value })}
                />
              </div>
            </div>
            <FieldError id="cancel-err" messages={m("effective")} />
          </fieldset>
        ) : null}

        {state.action === "renew" ? (
          <fieldset className="form-section">
            <legend>Renewal</legend>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="renew-months">
                  New term in months <span className="muted">(optional)</span>
                </label>
                <input
                  id="renew-months"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={120}
                  value={state.termMonths}
                  onChange={(e) => set({ termMonths: e.target.value })}
                  {...describedBy("renew-months-err", m("termMonths"))}
                />
                <span className="hint">The same term length as now if left empty.</span>
                <FieldError id="renew-months-err" messages={m("termMonths")} />
              </div>
            </div>
          </fieldset>
        ) : null}

        {placed ? (
          <div className="alert ok" role="status" style={{ marginTop: 16 }}>
            Order{" "}
            <strong className="mono" data-testid="order-reference">
              {placed.order_reference}
            </strong>{" "}
            placed. <Link href={`/orders/${placed.id}`}>View the order</Link>
          </div>
        ) : null}
      </div>

      <PreviewPanel
        title="Price of this change"
        preview={preview.preview}
        updating={preview.updating}
        failed={preview.failed}
        emptyHint="Choose an offer to see the price of the change."
      >
        {state.action === "cancel" ? (
          <p className="hint" style={{ marginTop: 0 }}>
            {state.effective === "immediately"
              ? "The subscription ends today."
              : termEnd
                ? `The subscription stays active until ${formatDate(termEnd, locale)}, then ends.`
                : "The subscription ends at the end of the current billing period."}
          </p>
        ) : null}
        <button
          type="submit"
          className="button primary"
          style={{ width: "100%", minHeight: 44 }}
          disabled={!canSubmit}
        >
          {pending ? "Placing the order…" : `Submit: ${ACTIONS.find((a) => a.value === state.action)?.label}`}
        </button>
      </PreviewPanel>
    </form>
  );
}
