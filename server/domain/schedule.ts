// Which lines are billed when. Decisions:
// - Entry 0 is the first invoice, on the start date, and bills every line (one-off lines, and the
//   first or prorated period of every recurring line). One-off lines bill only there.
// - Later entries step by the SHORTEST recurring period among the lines (monthly if any line is
//   monthly, else yearly) and fall on billingAnchor + n * step months, always computed from the
//   anchor so month-end dates do not drift. A line with a longer period bills on the entries that
//   start one of its own periods (a yearly line in a monthly schedule: every 12th month from the
//   anchor). Entries in which no line bills are kept (amount 0) so the dates stay regular.
// - A line with termMonths stops once its term, counted from the anchor, is over. The schedule
//   runs to the end of the longest term (unbounded if any recurring line is rolling) and is cut at
//   `maxEntries` (12 by default), so it has min(12, term in steps) entries; with no recurring line
//   it is the first invoice alone, and with no line at all it is empty.
// - billingAnchor is where periods are counted from: the start date for a new subscription, the
//   subscription's term start for a mid-term change (then the first invoice is prorated and the
//   next entry is the next period boundary after the start date).

import { addMonthsUtc, calendarMonthsBetween, toIsoDate } from "./dates";
import type { BillingPeriod } from "./enums";

export function periodMonths(period: BillingPeriod): number | null {
  if (period === "month") return 1;
  if (period === "year") return 12;
  return null;
}

export interface ScheduleLine {
  billingPeriod: BillingPeriod;
  termMonths: number | null;
}

export interface BilledLine {
  lineIndex: number;
  /** Service period the charge covers; null for one-off lines. */
  periodStart: string | null;
  periodEnd: string | null;
}

export interface PlannedEntry {
  index: number;
  date: Date;
  billed: BilledLine[];
}

export interface SchedulePlanInput {
  startDate: Date;
  billingAnchor: Date;
  lines: readonly ScheduleLine[];
  maxEntries: number;
}

/** The shortest recurring period in months, or null when every line is one-off. */
export function scheduleStepMonths(lines: readonly ScheduleLine[]): number | null {
  const months = lines.map((line) => periodMonths(line.billingPeriod)).filter((m): m is number => m !== null);
  return months.length === 0 ? null : Math.min(...months);
}

/** Months the schedule runs for from the anchor; null when some recurring line is rolling. */
function scheduleTermMonths(lines: readonly ScheduleLine[]): number | null {
  let longest = 0;
  for (const line of lines) {
    if (line.billingPeriod === "once") continue;
    if (line.termMonths === null) return null;
    longest = Math.max(longest, line.termMonths);
  }
  return longest;
}

/** First n with anchor + n * step months strictly after `after`. */
function firstStepAfter(anchor: Date, step: number, after: Date): number {
  let n = Math.max(0, Math.floor(calendarMonthsBetween(anchor, after) / step) - 1);
  while (addMonthsUtc(anchor, n * step).getTime() <= after.getTime()) n += 1;
  return n;
}

function periodEndAfter(anchor: Date, months: number, date: Date): Date {
  return addMonthsUtc(anchor, firstStepAfter(anchor, months, date) * months);
}

export function planSchedule(input: SchedulePlanInput): PlannedEntry[] {
  const { startDate, billingAnchor, lines, maxEntries } = input;
  if (lines.length === 0) return [];

  const first: PlannedEntry = {
    index: 0,
    date: startDate,
    billed: lines.map((line, lineIndex) => {
      const months = periodMonths(line.billingPeriod);
      return months === null
        ? { lineIndex, periodStart: null, periodEnd: null }
        : {
            lineIndex,
            periodStart: toIsoDate(startDate),
            periodEnd: toIsoDate(periodEndAfter(billingAnchor, months, startDate)),
          };
    }),
  };
  const step = scheduleStepMonths(lines);
  if (step === null) return [first];

  const term = scheduleTermMonths(lines);
  const entries = [first];
  for (let n = firstStepAfter(billingAnchor, step, startDate); entries.length < maxEntries; n += 1) {
    const offset = n * step;
    if (term !== null && offset >= term) break;
    const date = addMonthsUtc(billingAnchor, offset);
    const billed: BilledLine[] = [];
    lines.forEach((line, lineIndex) => {
      const months = periodMonths(line.billingPeriod);
      if (months === null || offset % months !== 0) return;
      if (line.termMonths !== null && offset >= line.termMonths) return;
      billed.push({
        lineIndex,
        periodStart: toIsoDate(date),
        periodEnd: toIsoDate(addMonthsUtc(billingAnchor, offset + months)),
      });
    });
    entries.push({ index: entries.length, date, billed });
  }
  return entries;
}
