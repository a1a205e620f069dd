// Playwright runs against a production build, the standalone bundle (`node server.js`). The port,
// database and secrets come from scripts/e2e.sh (the config is loaded again in every worker, so nothing here
// may pick a random port itself).
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium where installed (Playwright cannot download its own browser here);
      // elsewhere Playwright's own.
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    // A browser test walks several pages; on a 2-core machine, with the server and the other
    // worker's browser sharing it, 30 s was too close to how long the longest take (27 s seen).
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/, timeout: 60_000, use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    // The standalone bundle scripts/e2e.sh copied into an empty folder (E2E_SERVER_DIR), as a
    // deployment runs it; `next start` from the checkout when run without that script's bundle.
    command: process.env.E2E_SERVER_DIR
      ? `PORT=${port} HOSTNAME=127.0.0.1 node server.js`
      : `npm exec --no -- next start -p ${port} -H 127.0.0.1`,
    cwd: process.env.E2E_SERVER_DIR,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The server logs one JSON line per request; keep them out of the test report.
    stdout: "ignore",
    stderr: "pipe",
  },
});
