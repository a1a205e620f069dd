"use client";
import { useEffect, useState } from "react";

/** `value` once it has stopped changing for `ms`; compared by JSON so equal objects don't restart it. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the JSON form on purpose
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [key, ms]);
  return settled;
}
