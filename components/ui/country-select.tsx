"use client";
// A country list in the reader's language (named and sorted on the server, see
// format/country-names.ts), with the partner's own countries first.
import { type SelectHTMLAttributes, useMemo } from "react";
import { useCountryOptions } from "./country-options-context";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  preferred?: readonly string[] | null;
};

export function CountrySelect({ preferred, ...props }: Props) {
  const all = useCountryOptions();
  const { first, rest } = useMemo(() => {
    const preferredSet = new Set(preferred ?? []);
    return {
      first: all.filter((c) => preferredSet.has(c.code)),
      rest: all.filter((c) => !preferredSet.has(c.code)),
    };
  }, [all, preferred]);
  return (
    <select {...props}>
      {first.length ? (
        <>
          <optgroup label="Your countries">
            {first.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="All countries">
            {rest.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </>
      ) : (
        rest.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))
      )}
    </select>
  );
}
