"use client";
import { useEffect, useState } from "react";

/**
 * True once the component runs in the browser. Forms expose it as data-hydrated, so automated
 * tests (and anything else scripting the page) wait until input is really handled.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
