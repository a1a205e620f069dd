"use client";
import { type FieldMessage, messagesFor } from "../../preview/field-messages";
import { CountrySelect } from "../../ui/country-select";
import { describedBy, FieldError } from "../../ui/field-error";
import type { AddressState } from "./order-form-state";

type Props = {
  idPrefix: string;
  /** The request path of this address ("billingDetails"), for its messages. */
  path: string;
  value: AddressState;
  required: boolean;
  preferredCountries: readonly string[] | null;
  messages: readonly FieldMessage[];
  onChange: (patch: Partial<AddressState>) => void;
};

const FIELDS: { key: keyof AddressState; label: string; autoComplete: string; requiredField?: boolean }[] = [
  { key: "company", label: "Company", autoComplete: "organization" },
  { key: "address1", label: "Address line 1", autoComplete: "address-line1", requiredField: true },
  { key: "address2", label: "Address line 2", autoComplete: "address-line2" },
  { key: "city", label: "Town or city", autoComplete: "address-level2", requiredField: true },
  { key: "state", label: "County, state or region", autoComplete: "address-level1" },
  { key: "postalCode", label: "Postcode", autoComplete: "postal-code", requiredField: true },
];

export function AddressFields({
  idPrefix,
  path,
  value,
  required,
  preferredCountries,
  messages,
  onChange,
}: Props) {
  return (
    <div className="form-grid">
      {FIELDS.map((f) => {
        const id = `${idPrefix}-${f.key}`;
        const m = messagesFor(messages, `${path}.${f.key}`);
        const isRequired = required && f.requiredField;
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>
              {f.label}
              {isRequired ? null : <span className="muted"> (optional)</span>}
            </label>
            <input
              id={id}
              type="text"
              autoComplete={`section-${idPrefix} ${f.autoComplete}`}
              value={value[f.key]}
              required={isRequired}
              onChange={(e) => onChange({ [f.key]: e.target.value })}
              {...describedBy(`${id}-err`, m)}
            />
            <FieldError id={`${id}-err`} messages={m} />
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${idPrefix}-country`}>Country</label>
        <CountrySelect
          id={`${idPrefix}-country`}
          value={value.country}
          preferred={preferredCountries}
          onChange={(e) => onChange({ country: e.target.value })}
          {...describedBy(`${idPrefix}-country-err`, messagesFor(messages, `${path}.country`))}
        />
        <FieldError id={`${idPrefix}-country-err`} messages={messagesFor(messages, `${path}.country`)} />
      </div>
    </div>
  );
}
