// Browser benchmark of the new-order page (a measurement, not a test):
//  1. Live preview latency: time from changing a quantity to the new total on screen, over 30
//     changes, p50 and p95. Measured inside the page: the clock starts when the input event is
//     dispatched and stops at the first paint after the total's text changes, so the debounce,
//     the POST to orders.preview, React's render and the paint are all included.
//  2. First-load JS of /orders/new, from the `next build` output: every script the route needs
//     on first load (root main files plus the entry chunks of each layout and page on its path),
//     gzip-compressed, plus what the browser actually downloaded as a cross-check.
//
// Usage (after `npm run build`):
//   npm run bench:preview                   # starts `next start` on a fresh seeded database
//   BENCH_BASE_URL=http://127.0.0.1:3000 npm run bench:preview   # against a running server
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { firstLoadJs } from "./first-load-js";

const CHANGES = 30;
const ROOT = path.resolve(import.meta.dirname, "..");

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** A production server on a fresh seeded database, unless BENCH_BASE_URL names one already running. */
async function startServer(): Promise<{ baseUrl: string; stop: () => void }> {
  if (process.env.BENCH_BASE_URL)
    return { baseUrl: process.env.BENCH_BASE_URL.replace(/\/$/, ""), stop() {} };
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first.");
  const work = mkdtempSync(path.join(tmpdir(), "bench-preview-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:${path.join(work, "bench.db")}`,
    PORTAL_DATA_DIR: path.join(work, "data"),
    APP_URL: `http://127.0.0.1:${port}`,
    AUTH_SECRET: `bench-only-secret-${Math.random().toString(36).slice(2)}-0123456789abcdef`,
    LOG_LEVEL: "warn",
  };
  const run = (args: string[]) => execFileSync("npm", args, { cwd: ROOT, env, encoding: "utf8" });
  env.OAUTH_SIGNING_KEYS = run(["run", "--silent", "cli", "--", "keys", "generate"]).trim();
  run(["run", "--silent", "db:migrate"]);
  run(["run", "--silent", "cli", "--", "seed", "--demo"]);
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: "ignore",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    stop() {
      server.kill("SIGTERM");
      rmSync(work, { recursive: true, force: true });
    },
  };
}

async function main() {
  const { baseUrl, stop } = await startServer();
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.getByLabel("Email").fill("staff@acme.test");
    await page.getByLabel("Password").fill("demo-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl}/`);

    // A fresh context (empty cache) with the session, so every script of the page is counted.
    const cold = await browser.newContext();
    await cold.addCookies(await page.context().cookies());
    const coldPage = await cold.newPage();
    const scriptSizes: Promise<number>[] = [];
    coldPage.on("requestfinished", (request) => {
      if (request.resourceType() === "script")
        scriptSizes.push(request.sizes().then((s) => s.responseBodySize));
    });
    await coldPage.goto(`${baseUrl}/orders/new`, { waitUntil: "networkidle" });
    const transferred = (await Promise.all(scriptSizes)).reduce((a, b) => a + b, 0);
    await cold.close();

    await page.goto(`${baseUrl}/orders/new`);
    await page.locator("form[data-hydrated]").waitFor();
    await page.getByTestId("line-0").getByRole("combobox").selectOption("pro-monthly");
    await page.getByTestId("preview-total").waitFor();
    const samples: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const quantity = String(2 + i); // each value new, so no answer comes from the cache
      const ms = await page.evaluate(async (value) => {
        const input = document.querySelector<HTMLInputElement>("[data-testid='line-0'] input[type='number']");
        const total = document.querySelector("[data-testid='preview-total']");
        if (!input || !total) throw new Error("form not found");
        const before = total.textContent;
        const done = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (total.textContent !== before) {
              observer.disconnect();
              // The next frame is when the new total is painted.
              requestAnimationFrame(() => resolve(performance.now()));
            }
          });
          observer.observe(total, { childList: true, characterData: true, subtree: true });
        });
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
        const start = performance.now();
        setValue?.call(input, value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return (await done) - start;
      }, quantity);
      samples.push(ms);
      // Let the status settle before the next change, as a person would.
      await page.waitForSelector("[data-testid='preview-status'][data-state='ready']");
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const js = firstLoadJs(path.join(ROOT, ".next"), "(portal)/orders/new");
    const result = {
      previewLatencyMs: {
        changes: samples.length,
        p50: Math.round(percentile(sorted, 50)),
        p95: Math.round(percentile(sorted, 95)),
        min: Math.round(sorted[0] ?? 0),
        max: Math.round(sorted.at(-1) ?? 0),
        target: "p95 < 300 ms including the debounce",
      },
      newOrderFirstLoadJs: {
        files: js.files,
        rawKB: +(js.raw / 1024).toFixed(1),
        gzipKB: +(js.gzip / 1024).toFixed(1),
        /** As served by `next start` (gzip), first visit with an empty cache. */
        downloadedKB: +(transferred / 1024).toFixed(1),
        target: "< 250 kB compressed",
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    stop();
  }
}

await main();
