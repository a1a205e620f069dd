// How a chart's bar is named, on its axis and in its table row: a day ("3 Nov"), a week by its
// first day ("w/c 9 Nov"), a month ("Nov 2026"). Calendar days, so formatted in UTC: no time zone
// may move them.
import type { SalesBucket, SalesGrain } from "@/server/domain/sales-periods";

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    formats.set(key, f);
  }
  return f;
}

const dateOf = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** The short name of a bar, for the chart's axis. */
export function bucketLabel(bucket: SalesBucket, grain: SalesGrain, locale: string): string {
  if (grain === "month")
    return format(locale, { month: "short", year: "2-digit" }).format(dateOf(bucket.start));
  const day = format(locale, { day: "numeric", month: "short" }).format(dateOf(bucket.start));
  return grain === "week" ? `w/c ${day}` : day;
}

/** The whole span of a bar, for its table row: "9 Nov 2026 – 15 Nov 2026", or one day. */
export function bucketSpan(bucket: SalesBucket, grain: SalesGrain, locale: string): string {
  if (grain === "month")
    return format(locale, { month: "long", year: "numeric" }).format(dateOf(bucket.start));
  const f = format(locale, { dateStyle: "medium" });
  if (bucket.start === bucket.end) return f.format(dateOf(bucket.start));
  return f.formatRange(dateOf(bucket.start), dateOf(bucket.end));
}
