import { describe, expect, it } from "vitest";
import { bucketIndexOf, grainFor, salesRange } from "./sales-periods";

describe("salesRange", () => {
  const now = new Date("2026-12-02T15:00:00.000Z"); // a Wednesday

  it("gives the last 30 days as 30 daily bars ending today", () => {
    const range = salesRange("30d", "day", now);
    expect(range).toMatchObject({ from: "2026-11-03", to: "2026-12-02" });
    expect(range.buckets).toHaveLength(30);
    expect(range.buckets[0]).toEqual({ start: "2026-11-03", end: "2026-11-03" });
    expect(range.buckets.at(-1)).toEqual({ start: "2026-12-02", end: "2026-12-02" });
  });

  it("gives 12 calendar months, this one cut at today", () => {
    const range = salesRange("12m", "month", now);
    expect(range.from).toBe("2026-01-01");
    expect(range.buckets).toHaveLength(12);
    expect(range.buckets[1]).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(range.buckets.at(-1)).toEqual({ start: "2026-12-01", end: "2026-12-02" });
  });

  it("cuts weeks on Mondays, the first and last cut to the period, every day in exactly one bar", () => {
    const range = salesRange("30d", "week", now);
    // 2026-11-03 is a Tuesday: its bar runs to Sunday the 8th; then Monday to Sunday.
    expect(range.buckets[0]).toEqual({ start: "2026-11-03", end: "2026-11-08" });
    expect(range.buckets[1]).toEqual({ start: "2026-11-09", end: "2026-11-15" });
    expect(range.buckets.at(-1)).toEqual({ start: "2026-11-30", end: "2026-12-02" });
    let day = new Date("2026-11-03T00:00:00.000Z");
    let count = 0;
    while (day <= now) {
      const d = day.toISOString().slice(0, 10);
      const index = bucketIndexOf(range.buckets, d);
      expect(index, d).toBeGreaterThanOrEqual(0);
      const bucket = range.buckets[index];
      expect(bucket && bucket.start <= d && d <= bucket.end).toBe(true);
      day = new Date(day.getTime() + 86_400_000);
      count++;
    }
    expect(count).toBe(30);
    expect(bucketIndexOf(range.buckets, "2026-11-02")).toBe(-1);
    expect(bucketIndexOf(range.buckets, "2026-12-03")).toBe(-1);
  });

  it("crosses a year end", () => {
    const range = salesRange("12m", "month", new Date("2027-01-15T00:00:00.000Z"));
    expect(range.from).toBe("2026-02-01");
    expect(range.buckets.map((b) => b.start.slice(0, 7))).toContain("2026-12");
    expect(range.buckets.at(-1)).toEqual({ start: "2027-01-01", end: "2027-01-15" });
  });
});

describe("grainFor", () => {
  it("keeps a grain the period offers and falls back to its default", () => {
    expect(grainFor("12m", "week")).toBe("week");
    expect(grainFor("12m", "day")).toBe("month");
    expect(grainFor("30d", undefined)).toBe("day");
    expect(grainFor("30d", "<script>")).toBe("day");
  });
});
