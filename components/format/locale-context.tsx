"use client";
// Hands the server's locale settings to client components, and keeps the time-zone cookie in
// line with the browser (a first visit renders in UTC, then refreshes once in the local zone).
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect } from "react";
import { DEFAULT_LOCALE_SETTINGS, type LocaleSettings, TIME_ZONE_COOKIE } from "./dates";

const LocaleContext = createContext<LocaleSettings>(DEFAULT_LOCALE_SETTINGS);

export function LocaleProvider({ value, children }: { value: LocaleSettings; children: ReactNode }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // The session flag stops a refresh loop should the server ever refuse the browser's zone.
    if (zone && zone !== value.timeZone && !sessionStorage.getItem("tz-synced")) {
      sessionStorage.setItem("tz-synced", "1");
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the portal supports
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
    }
  }, [value.timeZone, router]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocaleSettings(): LocaleSettings {
  return useContext(LocaleContext);
}
