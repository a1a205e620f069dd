// The partner kit's curl and Python examples, run as a partner would run them (child processes
// against the test server), so the scripts we hand out keep working as the API changes.
import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACME } from "./support/oauth";

const kit = path.resolve(import.meta.dirname, "../../partner-kit");

const installed = (command: string) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;

type Run = { code: number; stdout: string; stderr: string };

function runScript(command: string, args: string[], baseURL: string): Promise<Run> {
  const env = {
    ...process.env,
    PORTAL_URL: baseURL,
    CLIENT_ID: DEMO_ACME.clientId,
    CLIENT_SECRET: DEMO_ACME.secret,
  };
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function expectOrderPlaced(run: Run): void {
  expect(run.code, `exit code; stderr: ${run.stderr}\nstdout: ${run.stdout}`).toBe(0);
  const ids = [...run.stdout.matchAll(/order id (order-[0-9a-f]{32})/g)].map((m) => m[1]);
  // The submit and its retry with the same Idempotency-Key name one and the same order.
  expect(ids, run.stdout).toHaveLength(2);
  expect(ids[1]).toBe(ids[0]);
  expect(run.stdout).toContain("replayed: true");
}

test.describe("the partner kit's scripts", () => {
  test("python/orders.py places an order", async ({ baseURL }) => {
    test.skip(!installed("python3"), "python3 is not installed");
    expectOrderPlaced(await runScript("python3", [path.join(kit, "python/orders.py")], baseURL as string));
  });

  test("curl/orders.sh places an order", async ({ baseURL }) => {
    test.skip(!installed("curl"), "curl is not installed");
    expectOrderPlaced(await runScript("bash", [path.join(kit, "curl/orders.sh")], baseURL as string));
  });
});
