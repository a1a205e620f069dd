"use client";
// The order lines: an offer from the partner's eligible catalogue (with its price in the order's
// currency) and a quantity each. Problems about a line appear under that line.
import type { ListedOffer } from "@/server/view-types";
import { useLocaleSettings } from "../../format/locale-context";
import { formatMoney } from "../../format/money";
import { type FieldMessage, messagesFor } from "../../preview/field-messages";
import { describedBy, FieldError } from "../../ui/field-error";
import { type LineState, newLine } from "./order-form-state";

const PERIOD: Record<string, string> = { month: "per month", year: "per year", once: "one-off" };

export function offerLabel(offer: ListedOffer, currency: string, locale: string): string {
  const price = offer.prices.find((p) => p.currency === currency)?.unitAmount;
  const priced =
    price === undefined
      ? `not sold in ${currency}`
      : `${formatMoney(price, currency, locale)} ${PERIOD[offer.billingPeriod]}`;
  return `${offer.name} — ${priced}`;
}

export function OfferOptions({ offers, currency }: { offers: readonly ListedOffer[]; currency: string }) {
  const { locale } = useLocaleSettings();
  const plans = offers.filter((o) => !o.addOn);
  const addOns = offers.filter((o) => o.addOn);
  return (
    <>
      <option value="">Choose an offer…</option>
      <optgroup label="Plans and one-off items">
        {plans.map((o) => (
          <option key={o.id} value={o.id}>
            {offerLabel(o, currency, locale)}
          </option>
        ))}
      </optgroup>
      {addOns.length ? (
        <optgroup label="Add-ons">
          {addOns.map((o) => (
            <option key={o.id} value={o.id}>
              {offerLabel(o, currency, locale)}
            </option>
          ))}
        </optgroup>
      ) : null}
    </>
  );
}

type Props = {
  lines: LineState[];
  offers: readonly ListedOffer[];
  currency: string;
  messages: readonly FieldMessage[];
  onChange: (lines: LineState[]) => void;
};

export function OfferLines({ lines, offers, currency, messages, onChange }: Props) {
  const setLine = (key: string, patch: Partial<LineState>) =>
    onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  return (
    <fieldset className="form-section">
      <legend>Offers</legend>
      {offers.length === 0 ? (
        <p className="alert warn">
          Your organisation has no offers it may sell yet. Ask your operator to load a catalogue.
        </p>
      ) : null}
      <FieldError id="lines-err" messages={messages.filter((m) => m.path === "orderItems")} />
      {lines.map((line, index) => {
        const offer = offers.find((o) => o.id === line.offerId);
        const offerMessages = messagesFor(messages, `orderItems.${index}.offer`).concat(
          messages.filter((m) => m.path === `orderItems.${index}`),
        );
        const quantityMessages = messagesFor(messages, `orderItems.${index}.quantity`);
        const bounds = offer
          ? `${offer.minQuantity}${offer.maxQuantity ? `–${offer.maxQuantity}` : "+"}`
          : null;
        return (
          <div className="offer-line" key={line.key} data-testid={`line-${index}`}>
            <div className="field">
              <label htmlFor={`offer-${line.key}`}>Offer {lines.length > 1 ? index + 1 : ""}</label>
              <select
                id={`offer-${line.key}`}
                value={line.offerId}
                onChange={(e) => setLine(line.key, { offerId: e.target.value })}
                {...describedBy(`offer-${line.key}-err`, offerMessages)}
              >
                <OfferOptions offers={offers} currency={currency} />
              </select>
              {offer?.description ? <span className="hint">{offer.description}</span> : null}
              <FieldError id={`offer-${line.key}-err`} messages={offerMessages} />
            </div>
            <div className="field">
              <label htmlFor={`qty-${line.key}`}>Quantity</label>
              <input
                id={`qty-${line.key}`}
                type="number"
                inputMode="numeric"
                min={offer?.minQuantity ?? 1}
                max={offer?.maxQuantity ?? undefined}
                step={1}
                value={line.quantity}
                onChange={(e) => setLine(line.key, { quantity: e.target.value })}
                {...describedBy(`qty-${line.key}-err`, quantityMessages)}
              />
              {bounds ? <span className="hint">Allowed: {bounds}</span> : null}
              <FieldError id={`qty-${line.key}-err`} messages={quantityMessages} />
            </div>
            <div className="remove" style={{ paddingTop: 26 }}>
              <button
                type="button"
                className="button small"
                disabled={lines.length === 1}
                onClick={() => onChange(lines.filter((l) => l.key !== line.key))}
                aria-label={`Remove offer ${index + 1}`}
              >
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <div style={{ marginTop: 12 }}>
        <button
          type="button"
          className="button"
          onClick={() => onChange([...lines, newLine()])}
          disabled={lines.length >= 50}
        >
          + Add another offer
        </button>
      </div>
    </fieldset>
  );
}
