// Dates in the user's locale and time zone. Both come from the request on the server (see
// request-locale.ts) and reach client components through LocaleProvider, so server and browser
// render the same text and hydration never disagrees.
export type LocaleSettings = { locale: string; timeZone: string };

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat) {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** A moment (ISO date-time), e.g. "3 Mar 2026, 14:05". */
export function formatDateTime(iso: string | Date, { locale, timeZone }: LocaleSettings): string {
  const f = formatter(
    `dt|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }),
  );
  return f.format(new Date(iso));
}

/** A moment shown as its day in the user's zone. */
export function formatDate(iso: string | Date, { locale, timeZone }: LocaleSettings): string {
  const f = formatter(
    `d|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }),
  );
  return f.format(new Date(iso));
}

/** A calendar day ("2026-03-01", as in billing schedules): no time zone may move it. */
export function formatDay(isoDay: string, { locale }: LocaleSettings): string {
  const f = formatter(
    `day|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }),
  );
  return f.format(new Date(`${isoDay.slice(0, 10)}T00:00:00Z`));
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function isLocale(value: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([value]).length > 0;
  } catch {
    return false;
  }
}

export const TIME_ZONE_COOKIE = "tz";
export const DEFAULT_LOCALE_SETTINGS: LocaleSettings = { locale: "en-GB", timeZone: "UTC" };
