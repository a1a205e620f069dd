// The reader's locale (Accept-Language) and time zone (a cookie the browser sets on first visit,
// see TimeZoneSync) for server rendering.
import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import {
  DEFAULT_LOCALE_SETTINGS,
  isLocale,
  isTimeZone,
  type LocaleSettings,
  TIME_ZONE_COOKIE,
} from "./dates";

export const requestLocale = cache(async (): Promise<LocaleSettings> => {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const preferred = (headerList.get("accept-language") ?? "")
    .split(",")
    .map((part) => part.split(";")[0]?.trim() ?? "")
    .find((tag) => tag && tag !== "*" && isLocale(tag));
  const zone = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  return {
    locale: preferred ?? DEFAULT_LOCALE_SETTINGS.locale,
    timeZone: zone && isTimeZone(zone) ? zone : DEFAULT_LOCALE_SETTINGS.timeZone,
  };
});
