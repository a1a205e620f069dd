"use client";
// The country list the server computed for this reader (see format/country-names.ts), for every
// CountrySelect below it.
import { createContext, type ReactNode, useContext } from "react";
import type { CountryOption } from "../format/country-names";

const CountryOptionsContext = createContext<readonly CountryOption[] | null>(null);

export function CountryOptionsProvider({
  options,
  children,
}: {
  options: readonly CountryOption[];
  children: ReactNode;
}) {
  return <CountryOptionsContext.Provider value={options}>{children}</CountryOptionsContext.Provider>;
}

export function useCountryOptions(): readonly CountryOption[] {
  const options = useContext(CountryOptionsContext);
  if (!options)
    throw new Error("CountrySelect needs a CountryOptionsProvider with the server's country list");
  return options;
}
