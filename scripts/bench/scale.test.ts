// bench:scale is a script, not a timed test: this only checks that it runs end to end on a small
// database and prints the JSON shape documented in scale.ts (and in docs/operations.md).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

const timing = { p50_ms: expect.any(Number), p95_ms: expect.any(Number) };

describe("npm run bench:scale -- --orders 2000 --json", () => {
  it("fills a fresh database and prints one JSON object with every timing and the export", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(root, "node_modules/tsx/dist/cli.mjs"),
        "--conditions=react-server",
        "scripts/bench/scale.ts",
        "--orders",
        "2000",
        "--repeat",
        "2",
        "--json",
      ],
      // The embedded database whatever the suite runs on: a temp file, removed at the end.
      { cwd: root, env: { ...process.env, DATABASE_URL: "" }, timeout: 180_000 },
    );
    const result = JSON.parse(stdout) as {
      orders: number;
      timings: Record<string, { p50_ms: number; p95_ms: number }>;
      export: {
        rows: number;
        bytes: number;
        seconds: number;
        rss_growth_mb: number;
        rss_growth_second_half_mb: number;
        rss_growth_again_mb: number;
        young_generation_mb: number;
      };
      storage: { database_mb: number; bytes_per_order: number; pricing_bytes_per_order: number };
    };
    expect(result.orders).toBe(2000);
    for (const name of [
      "submit",
      "orders.first_page",
      "orders.deep_page",
      "orders.status_failed",
      "orders.type_cancel",
      "orders.search_reference",
      "orders.search_email",
      "orders.search_name",
      "orders.search_no_match",
      "order.detail",
      "dashboard",
      "customers.first_page",
      "customers.search_name",
      "customers.search_email_part",
      "customers.search_common",
      "customers.search_no_match",
      "subscriptions.first_page",
    ]) {
      expect(result.timings[name], name).toEqual(timing);
    }
    // Acme holds 85% of the generated orders plus its demo orders and the timed submits.
    expect(result.export.rows).toBeGreaterThan(1600);
    expect(result.export.bytes).toBeGreaterThan(result.export.rows * 100);
    expect(result.export).toMatchObject({
      seconds: expect.any(Number),
      rss_growth_mb: expect.any(Number),
      rss_growth_second_half_mb: expect.any(Number),
      rss_growth_again_mb: expect.any(Number),
      young_generation_mb: expect.any(Number),
    });
    // The stored pricing is part of what an order costs on disk.
    expect(result.storage.pricing_bytes_per_order).toBeGreaterThan(500);
    expect(result.storage.bytes_per_order).toBeGreaterThan(result.storage.pricing_bytes_per_order);
  }, 200_000);
});
