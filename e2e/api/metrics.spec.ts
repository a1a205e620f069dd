// Operating endpoints over HTTP against the production build: /api/metrics answers Prometheus
// text only to the scraper's token, and counts the requests it was sent, under route templates
// (never raw ids); /api/health/live and /api/health/ready answer `ok` and nothing more.
import { expect, test } from "./support/fixtures";
import { baseUrl } from "./support/http";

const TOKEN = process.env.METRICS_TOKEN ?? "";

async function scrape(authorization?: string) {
  const response = await fetch(`${baseUrl()}/api/metrics`, {
    headers: authorization ? { authorization } : {},
  });
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

/** The value of one sample line, 0 when it is not there yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf("}"));
    const parts = labelText.split(",");
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

test("metrics are only for the scraper's token", async () => {
  test.skip(!TOKEN, "needs METRICS_TOKEN from scripts/e2e.sh");
  for (const authorization of [undefined, "Bearer not-the-token", `Basic ${TOKEN}`]) {
    const answer = await scrape(authorization);
    expect(answer.status, String(authorization)).toBe(401);
    expect(answer.type).toContain("application/problem+json");
  }
});

test("metrics count the requests sent, by route template", async ({ acme }) => {
  test.skip(!TOKEN, "needs METRICS_TOKEN from scripts/e2e.sh");
  const before = (await scrape(`Bearer ${TOKEN}`)).text;
  const unknownId = "order-0123456789abcdef0123456789abcdef";
  for (let i = 0; i < 3; i++) expect((await acme.getOrder(unknownId)).status).toBe(404);
  const after = await scrape(`Bearer ${TOKEN}`);
  expect(after.status).toBe(200);
  expect(after.type).toContain("text/plain");
  const labels = { method: "GET", route: "/partner/order/[id]", status: "404" };
  expect(
    sample(after.text, "portal_http_requests_total", labels) -
      sample(before, "portal_http_requests_total", labels),
  ).toBeGreaterThanOrEqual(3);
  // Ids never become label values.
  expect(after.text).not.toContain(unknownId);
  expect(after.text).toMatch(/^portal_jobs_waiting \d+$/m);
  expect(after.text).toContain("portal_http_request_duration_seconds_bucket");
});

test("liveness and readiness answer ok and nothing else", async () => {
  for (const path of ["/api/health/live", "/api/health/ready"]) {
    const response = await fetch(`${baseUrl()}${path}`);
    expect(response.status, path).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  }
});
