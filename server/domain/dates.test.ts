import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthsUtc, calendarMonthsBetween, startOfUtcDay, toIsoDate, utcDayNumber } from "./dates";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("addMonthsUtc", () => {
  it.each([
    ["2025-01-31", 1, "2025-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-01-31", 2, "2025-03-31"],
    ["2025-03-31", 1, "2025-04-30"],
    ["2025-12-15", 1, "2026-01-15"],
    ["2025-01-15", -1, "2024-12-15"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2025-05-10", 0, "2025-05-10"],
  ])("%s + %d months = %s", (from, months, expected) => {
    expect(toIsoDate(addMonthsUtc(d(from), months))).toBe(expected);
  });

  it("keeps the time of day and ignores the local time zone", () => {
    const result = addMonthsUtc(new Date("2025-03-30T23:30:00Z"), 1);
    expect(result.toISOString()).toBe("2025-04-30T23:30:00.000Z");
  });

  it("never overflows into the following month", () => {
    fc.assert(
      fc.property(
        fc.date({ min: d("1990-01-01"), max: d("2090-01-01"), noInvalidDate: true }),
        fc.integer({ min: -240, max: 240 }),
        (date, months) => {
          const result = addMonthsUtc(date, months);
          expect(calendarMonthsBetween(date, result)).toBe(months);
          expect(result.getUTCDate()).toBeLessThanOrEqual(date.getUTCDate());
        },
      ),
    );
  });

  it("refuses fractional months", () => {
    expect(() => addMonthsUtc(d("2025-01-01"), 1.5)).toThrow(RangeError);
  });
});

describe("day helpers", () => {
  it("counts whole UTC days", () => {
    expect(utcDayNumber(new Date("2025-01-02T23:59:59Z")) - utcDayNumber(d("2025-01-01"))).toBe(1);
    expect(startOfUtcDay(new Date("2025-01-02T13:00:00Z")).toISOString()).toBe("2025-01-02T00:00:00.000Z");
  });
});
