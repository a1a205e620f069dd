// Calendar arithmetic for billing, on UTC only: a billing date must not move when the server's
// time zone or daylight saving changes. All functions are pure and return new Date objects.

const DAY_MS = 86_400_000;

function daysInUtcMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Adds calendar months, clamping to the end of a shorter month (Jan 31 + 1 month = Feb 28, or
 * Feb 29 in a leap year). Schedules always add to the original anchor (anchor + n months) rather
 * than stepping from the previous date, so Jan 31 -> Feb 28 -> Mar 31, not Mar 28.
 */
export function addMonthsUtc(date: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const monthIndex = totalMonths - year * 12;
  const day = Math.min(date.getUTCDate(), daysInUtcMonth(year, monthIndex));
  const result = new Date(
    Date.UTC(
      year,
      monthIndex,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly to stay exact.
  result.setUTCFullYear(year, monthIndex, day);
  return result;
}

/** Whole UTC days since the epoch (the time of day is ignored). */
export function utcDayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function startOfUtcDay(date: Date): Date {
  return new Date(utcDayNumber(date) * DAY_MS);
}

/** "YYYY-MM-DD" of the UTC calendar day. */
export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Calendar months from `from` to `to` ignoring the day of month (Jan 31 -> Feb 1 is 1). */
export function calendarMonthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

export function assertValidDate(date: Date, label: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${label} must be a valid Date`);
  }
}
