// The priced answer as an order stores it: the same as the answer, except that each billing
// schedule entry's lines keep only the fields that differ from the line they repeat, named by
// index: `prev`, the same line in the entry before (whose period and prices it mostly shares),
// or `sameAs`, the order's own line (for the first entry); and each entry keeps its currency and
// totals only where they are not the order's currency and the sums of its lines. A twelve-month
// schedule otherwise stores every line's offer, description and prices thirteen times: most of
// an order's bytes. `expandStoredSchedule` gives the schedule back exactly as it was priced;
// rows stored before this format (whole lines and totals) are read as they are.
import type { PricedLineItem, PricingResult, ScheduleEntry } from "./pricing";

/** A schedule line as stored: the fields that differ from the line it names, or a whole line. */
type StoredScheduleLine = ({ prev: number } | { sameAs: number }) & Partial<PricedLineItem>;

type StoredScheduleEntry = Pick<ScheduleEntry, "date"> &
  Partial<Omit<ScheduleEntry, "date" | "lineItems">> & {
    lineItems: (StoredScheduleLine | PricedLineItem)[];
  };

/** What an entry's currency and totals are unless it says otherwise: the order's, and its lines' sums. */
function derivedTotals(
  lines: readonly PricedLineItem[],
  currency: string,
): Omit<ScheduleEntry, "date" | "lineItems"> {
  const sum = (field: "amountWithoutTax" | "discountAmount" | "creditAmount" | "taxAmount" | "amount") =>
    lines.reduce((total, line) => total + line[field], 0);
  return {
    currency,
    amountWithoutTax: sum("amountWithoutTax"),
    discountAmount: sum("discountAmount"),
    creditAmount: sum("creditAmount"),
    taxAmount: sum("taxAmount"),
    amount: sum("amount"),
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The index of the line in `lines` that `line` repeats: the same offer version, description and period kind. */
function repeatedIndex(line: PricedLineItem, lines: readonly PricedLineItem[]): number {
  return lines.findIndex(
    (base) =>
      base.offer.id === line.offer.id &&
      base.offer.version === line.offer.version &&
      base.description === line.description &&
      base.billingPeriod === line.billingPeriod,
  );
}

function differingFields(line: PricedLineItem, base: PricedLineItem): Partial<PricedLineItem> {
  return Object.fromEntries(
    Object.entries(line).filter(([key, value]) => !sameJson(value, base[key as keyof PricedLineItem])),
  );
}

function compactLine(
  line: PricedLineItem,
  previous: readonly PricedLineItem[],
  orderLines: readonly PricedLineItem[],
): StoredScheduleLine | PricedLineItem {
  const prev = repeatedIndex(line, previous);
  const before = previous[prev];
  if (before) return { prev, ...differingFields(line, before) };
  const sameAs = repeatedIndex(line, orderLines);
  const base = orderLines[sameAs];
  if (base) return { sameAs, ...differingFields(line, base) };
  return line;
}

/** The pricing to store for an order (with whatever else the caller adds, such as the provider's result). */
export function compactPricing<P extends PricingResult>(
  pricing: P,
): Omit<P, "schedule"> & { schedule: StoredScheduleEntry[] } {
  return {
    ...pricing,
    schedule: pricing.schedule.map(({ date, lineItems, ...totals }, k) => {
      const derived = derivedTotals(lineItems, pricing.currency);
      const differing = Object.entries(totals).filter(
        ([key, value]) => value !== derived[key as keyof typeof derived],
      );
      return {
        date,
        ...Object.fromEntries(differing),
        lineItems: lineItems.map((line) =>
          compactLine(line, pricing.schedule[k - 1]?.lineItems ?? [], pricing.lineItems),
        ),
      };
    }),
  };
}

function expandLine(
  line: StoredScheduleLine | PricedLineItem,
  previous: readonly PricedLineItem[],
  orderLines: readonly PricedLineItem[],
): PricedLineItem {
  if ("prev" in line && typeof line.prev === "number") {
    const { prev, ...differing } = line;
    return { ...(previous[prev] as PricedLineItem), ...differing };
  }
  if ("sameAs" in line && typeof line.sameAs === "number") {
    const { sameAs, ...differing } = line;
    return { ...(orderLines[sameAs] as PricedLineItem), ...differing };
  }
  return line as PricedLineItem;
}

/** The billing schedule of a stored pricing, whole again; [] when there is none. */
export function expandStoredSchedule(stored: unknown): ScheduleEntry[] {
  if (typeof stored !== "object" || stored === null) return [];
  const { schedule, lineItems, currency } = stored as {
    schedule?: unknown;
    lineItems?: unknown;
    currency?: unknown;
  };
  if (!Array.isArray(schedule)) return [];
  const orderLines = (Array.isArray(lineItems) ? lineItems : []) as PricedLineItem[];
  const expanded: ScheduleEntry[] = [];
  for (const entry of schedule as StoredScheduleEntry[]) {
    const previous = expanded.at(-1)?.lineItems ?? [];
    const lines = entry.lineItems.map((line) => expandLine(line, previous, orderLines));
    expanded.push({
      ...derivedTotals(lines, typeof currency === "string" ? currency : ""),
      ...entry,
      lineItems: lines,
    });
  }
  return expanded;
}
