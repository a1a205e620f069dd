"use client";
// A country list in the reader's language, with the partner's own countries first.
import { type SelectHTMLAttributes, useMemo } from "react";
import { ISO_COUNTRY_CODES } from "@/server/domain/countries";
import { useLocaleSettings } from "../format/locale-context";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  preferred?: readonly string[] | null;
};

export function CountrySelect({ preferred, ...props }: Props) {
  const { locale } = useLocaleSettings();
  const { first, rest } = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    const all = ISO_COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      a.name.localeCompare(b.name, locale),
    );
    const preferredSet = new Set(preferred ?? []);
    return {
      first: all.filter((c) => preferredSet.has(c.code)),
      rest: all.filter((c) => !preferredSet.has(c.code)),
    };
  }, [locale, preferred]);
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
