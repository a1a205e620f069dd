"use client";
// The new-order page's form: customer, country, offers and quantities, discount code, addresses,
// with a live price preview beside it. The preview runs on every change (debounced); submit is
// possible only once the current order has been priced as eligible, and sends an idempotency key.
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { CreditInUse } from "@/server/domain/credit-in-use";
import { deriveOrderCurrency } from "@/server/domain/currency";
import type { SubmitResponse } from "@/server/domain/order-response-schemas";
import type { ListedOffer } from "@/server/view-types";
import { CreditNotice } from "../../credit/credit-notice";
import { useLocaleSettings } from "../../format/locale-context";
import { formatMoney } from "../../format/money";
import { type FieldMessage, fieldMessagesFromError, messagesFor } from "../../preview/field-messages";
import { PreviewPanel } from "../../preview/preview-panel";
import { PreviewSummaryBar } from "../../preview/preview-summary-bar";
import { submitErrorMessage } from "../../preview/submit-error-message";
import { useOrderPreview } from "../../preview/use-order-preview";
import { useSubmitOrder } from "../../preview/use-submit-order";
import { CountrySelect } from "../../ui/country-select";
import { describedBy, FieldError } from "../../ui/field-error";
import { useToast } from "../../ui/toaster";
import { useHydrated } from "../../ui/use-hydrated";
import { AddressFields } from "./address-fields";
import { CustomerSection } from "./customer-section";
import { OfferLines } from "./offer-lines";
import { initialOrderForm, type OrderFormState, toOrderBody, toPreviewBody } from "./order-form-state";
import { loadOrderValidator, type OrderValidator } from "./order-validator";

type Props = {
  offers: ListedOffer[];
  partner: { defaultCurrency: string; allowedCountries: string[] | null };
  /** Null: the partner has no credit limit. */
  credit: CreditInUse | null;
};

export function NewOrderForm({ offers, partner, credit }: Props) {
  const defaultCountry = partner.allowedCountries?.[0] ?? "GB";
  const [state, setState] = useState<OrderFormState>(() => initialOrderForm(defaultCountry));
  // Set on the first submit; from then on the fields are checked as they change.
  const [validate, setValidate] = useState<OrderValidator | null>(null);
  const [submitMessages, setSubmitMessages] = useState<FieldMessage[]>([]);
  const [placed, setPlaced] = useState<SubmitResponse | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const hydrated = useHydrated();

  const update = (patch: Partial<OrderFormState>) => {
    setSubmitMessages([]);
    setState((s) => {
      const next = { ...s, ...patch };
      if (patch.country && s.billingCountryFollows)
        next.billing = { ...next.billing, country: patch.country };
      return next;
    });
  };

  const currency = deriveOrderCurrency({
    country: state.country,
    partnerDefaultCurrency: partner.defaultCurrency,
  });
  const orderBody = useMemo(() => toOrderBody(state), [state]);
  const previewBody = useMemo(() => toPreviewBody(state), [state]);
  const clientErrors = useMemo(() => (validate ? validate(orderBody) : []), [validate, orderBody]);
  const preview = useOrderPreview(previewBody);
  const { submit, pending } = useSubmitOrder();

  const problems = preview.preview?.eligibility.problems ?? [];
  const messages: FieldMessage[] = [...clientErrors, ...problems, ...preview.errors, ...submitMessages];
  const eligibleNow = preview.current && preview.preview?.eligibility.eligible === true;
  const canSubmit = eligibleNow && !pending;

  // After a refused submit, focus moves to the first field with a message, once React has drawn
  // the messages (an effect runs after the commit; a timer or animation frame may run before it).
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest > 0) formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [focusRequest]);

  // A second click while the first is still being handled does nothing (the key covers retries).
  const handling = useRef(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!canSubmit || handling.current) return;
    handling.current = true;
    try {
      await placeOrder();
    } finally {
      handling.current = false;
    }
  }

  async function placeOrder() {
    const validator = validate ?? (await loadOrderValidator());
    if (!validate) setValidate(() => validator);
    if (validator(orderBody).length) {
      toast.error("Some fields need attention before the order can be placed.");
      setFocusRequest((n) => n + 1);
      return;
    }
    try {
      const result = await submit(orderBody);
      if (!result) return;
      setPlaced(result.order);
      toast.success(`Order ${result.order.order_reference} placed.`);
      window.scrollTo({ top: 0 });
    } catch (error) {
      const fieldMessages = fieldMessagesFromError(error);
      setSubmitMessages(
        fieldMessages.length
          ? fieldMessages
          : state.externalId && /external_id/.test(String((error as Error).message))
            ? [{ path: "external_id", message: (error as Error).message }]
            : [],
      );
      toast.error(submitErrorMessage(error));
    }
  }

  if (placed) {
    return (
      <OrderPlaced
        order={placed}
        onAnother={() => {
          setPlaced(null);
          setValidate(null);
          setState(initialOrderForm(defaultCountry));
        }}
      />
    );
  }

  const m = (path: string) => messagesFor(messages, path);
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="order-layout"
      aria-label="New order"
      data-hydrated={hydrated || undefined}
    >
      <div className="panel">
        <CustomerSection state={state} update={update} messages={messages} />

        <fieldset className="form-section">
          <legend>Country and currency</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="order-country">Country of the order</label>
              <CountrySelect
                id="order-country"
                value={state.country}
                preferred={partner.allowedCountries}
                onChange={(e) => update({ country: e.target.value })}
                {...describedBy("order-country-err", m("country"))}
              />
              <span className="hint">Sets the currency and tax. Prices are in {currency}.</span>
              <FieldError id="order-country-err" messages={m("country")} />
            </div>
          </div>
        </fieldset>

        <OfferLines
          lines={state.lines}
          offers={offers}
          currency={currency}
          messages={messages}
          onChange={(lines) => update({ lines })}
        />

        <fieldset className="form-section">
          <legend>Discount</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="discount-code">
                Discount code <span className="muted">(optional)</span>
              </label>
              <input
                id="discount-code"
                type="text"
                autoComplete="off"
                autoCapitalize="characters"
                value={state.discountCode}
                onChange={(e) => update({ discountCode: e.target.value.toUpperCase() })}
                {...describedBy("discount-code-err", m("orderDiscount"))}
              />
              <FieldError id="discount-code-err" messages={m("orderDiscount")} />
            </div>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Billing address</legend>
          <AddressFields
            idPrefix="billing"
            path="billingDetails"
            value={state.billing}
            required
            preferredCountries={partner.allowedCountries}
            messages={messages}
            onChange={(patch) =>
              update({
                billing: { ...state.billing, ...patch },
                ...(patch.country ? { billingCountryFollows: false } : {}),
              })
            }
          />
        </fieldset>

        <fieldset className="form-section">
          <legend>Delivery address</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={state.deliverySameAsBilling}
              onChange={(e) => update({ deliverySameAsBilling: e.target.checked })}
            />
            Same as the billing address
          </label>
          {state.deliverySameAsBilling ? null : (
            <div style={{ marginTop: 12 }}>
              <AddressFields
                idPrefix="delivery"
                path="deliveryDetails"
                value={state.delivery}
                required={false}
                preferredCountries={partner.allowedCountries}
                messages={messages}
                onChange={(patch) => update({ delivery: { ...state.delivery, ...patch } })}
              />
            </div>
          )}
        </fieldset>

        <fieldset className="form-section">
          <legend>Your reference</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="external-id">
                External id <span className="muted">(optional)</span>
              </label>
              <input
                id="external-id"
                type="text"
                autoComplete="off"
                value={state.externalId}
                onChange={(e) => update({ externalId: e.target.value })}
                {...describedBy("external-id-err", m("external_id"))}
              />
              <span className="hint">Your own system&apos;s id for this order; must be unique.</span>
              <FieldError id="external-id-err" messages={m("external_id")} />
            </div>
          </div>
        </fieldset>
        <PreviewSummaryBar preview={preview.preview} updating={preview.updating} />
      </div>

      <PreviewPanel
        preview={preview.preview}
        updating={preview.updating}
        failed={preview.failed}
        emptyHint="Choose an offer to see the price."
      >
        <CreditNotice initial={credit} preview={preview.preview} />
        <button
          type="submit"
          className="button primary"
          style={{ width: "100%", minHeight: 44 }}
          disabled={!canSubmit}
          aria-describedby="submit-hint"
        >
          {pending ? "Placing the order…" : "Submit order"}
        </button>
        <p id="submit-hint" className="hint small muted" style={{ marginBottom: 0 }}>
          {pending
            ? "Placing the order. Do not worry about clicking twice: it is placed only once."
            : problems.length
              ? "Fix the problems above to submit."
              : !preview.preview
                ? "Choose an offer to price the order."
                : preview.updating
                  ? "Updating the price…"
                  : "The order is placed with the prices shown."}
        </p>
      </PreviewPanel>
    </form>
  );
}

function OrderPlaced({ order, onAnother }: { order: SubmitResponse; onAnother: () => void }) {
  const { locale } = useLocaleSettings();
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section className="panel" aria-labelledby="placed-title" style={{ maxWidth: 640 }}>
      <div className="alert ok" role="status">
        <h2 id="placed-title" ref={heading} tabIndex={-1}>
          Order placed
        </h2>
        <p style={{ margin: "6px 0 0" }}>
          Reference{" "}
          <strong className="mono" data-testid="order-reference">
            {order.order_reference}
          </strong>{" "}
          · {formatMoney(order.total, order.currency, locale)} · subscription{" "}
          <span className="mono">{order.subscriptionReference}</span>
        </p>
      </div>
      <div className="button-row" style={{ marginTop: 16 }}>
        <Link className="button primary" href={`/orders/${order.id}`}>
          View the order
        </Link>
        <button type="button" className="button" onClick={onAnother}>
          Place another order
        </button>
        <Link className="button" href="/orders">
          All orders
        </Link>
      </div>
    </section>
  );
}
