// The periods the dashboard's charts cover and how they are cut into bars. Days are UTC calendar
// days written "YYYY-MM-DD" (the sales summaries' key), so comparing two days is comparing two
// strings. Pure: the browser's chart and the server's query agree on the same buckets.

export const SALES_PERIODS = ["30d", "12m"] as const;
export type SalesPeriod = (typeof SALES_PERIODS)[number];

export const SALES_GRAINS = ["day", "week", "month"] as const;
export type SalesGrain = (typeof SALES_GRAINS)[number];

/** The grains each period offers, the first its default: 30 bars of days, 12 of months. */
export const GRAINS_OF_PERIOD: Record<SalesPeriod, readonly SalesGrain[]> = {
  "30d": ["day", "week"],
  "12m": ["month", "week"],
};

export const DEFAULT_SALES_PERIOD: SalesPeriod = "30d";

export function isSalesPeriod(value: unknown): value is SalesPeriod {
  return typeof value === "string" && (SALES_PERIODS as readonly string[]).includes(value);
}

/** The grain asked for when the period offers it, else the period's default. */
export function grainFor(period: SalesPeriod, asked: unknown): SalesGrain {
  const grains = GRAINS_OF_PERIOD[period];
  return grains.find((g) => g === asked) ?? (grains[0] as SalesGrain);
}

/** One bar: the days from `start` to `end`, both included. */
export type SalesBucket = { start: string; end: string };

export type SalesRange = { from: string; to: string; buckets: SalesBucket[] };

const DAY_MS = 86_400_000;

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function dateOf(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function addDays(day: string, days: number): string {
  return dayOf(new Date(dateOf(day).getTime() + days * DAY_MS));
}

/**
 * The days the period covers, ending today (UTC): the last 30 days, or the 12 calendar months up
 * to and including this one. Cut into bars of the grain; a week starts on Monday (ISO 8601), and
 * the first and last bars are cut to the period.
 */
export function salesRange(period: SalesPeriod, grain: SalesGrain, now: Date): SalesRange {
  const to = dayOf(now);
  const from =
    period === "30d"
      ? addDays(to, -29)
      : dayOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)));
  const buckets: SalesBucket[] = [];
  let start = from;
  while (start <= to) {
    const next = nextBucketStart(start, grain);
    const end = next > to ? to : addDays(next, -1);
    buckets.push({ start, end });
    start = next;
  }
  return { from, to, buckets };
}

/** The first day of the bar after the one `day` falls in. */
function nextBucketStart(day: string, grain: SalesGrain): string {
  const date = dateOf(day);
  if (grain === "day") return addDays(day, 1);
  if (grain === "month") return dayOf(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)));
  // getUTCDay: Sunday 0 ... Saturday 6; days to the next Monday: 7 from a Monday, 1 from a Sunday.
  const untilMonday = (8 - date.getUTCDay()) % 7 || 7;
  return addDays(day, untilMonday);
}

/** The index of the bar a day falls in, or -1 outside the range. Buckets are in day order. */
export function bucketIndexOf(buckets: readonly SalesBucket[], day: string): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const bucket = buckets[mid] as SalesBucket;
    if (day < bucket.start) high = mid - 1;
    else if (day > bucket.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
