// `webhook create | list | delete | rotate-secret` run as an operator runs them: a child process
// on the test database (embedded, or PostgreSQL with TEST_DATABASE_URL), with the effects checked
// in the database, the secret shown only by create and rotate-secret, the audit rows under the
// operator's name, and each wrong argument a clear message and a non-zero exit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { type CliRun, jsonOf, runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";
import { WEBHOOK_EVENT_TYPES } from "../../domain/webhook-schemas";
import { HELP } from "./help";

let t: TestDatabase;
let acmeId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ({ acmeId } = await seedPartners(t.db));
});
afterAll(async () => t?.close());

// The receiver is a loopback address the operator opened; no test needs DNS.
const ENV = { PORTAL_OPERATOR: "ops-tester", OUTBOUND_ALLOW_HOSTS: "127.0.0.1" };
const URL = "http://127.0.0.1:9/hooks";
const cli = (...args: string[]) => runCli(t.url, args, { env: ENV });
const errorOf = (run: CliRun) =>
  (JSON.parse(run.stdout) as { error: { code: string; message: string } }).error;

/** A refusal as an operator sees it: one line on stderr, no stack trace, nothing else on stdout. */
function expectClearFailure(run: CliRun, message: RegExp) {
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(errorOf(run).message).toMatch(message);
}

describe("webhook commands", { timeout: 240_000 }, () => {
  it("creates, lists, rotates and deletes an endpoint, showing the secret only when it is made", async () => {
    const create = await cli(
      "webhook",
      "create",
      "--partner",
      "acme",
      "--url",
      URL,
      "--events",
      "order.completed, order.failed",
      "--description",
      "ERP",
      "--json",
    );
    expect(create.code, create.stderr).toBe(0);
    const created = jsonOf(create) as { id: string; url: string; events: string[]; secret: string };
    expect(Object.keys(created).sort()).toEqual(["events", "id", "secret", "url"]);
    expect(created).toMatchObject({ url: URL, events: ["order.completed", "order.failed"] });
    expect(created.id).toMatch(/^whe_/);
    expect(created.secret).toMatch(/^whsec_/);
    const row = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ partnerId: acmeId, description: "ERP", enabled: true });
    expect(row.secretSealed).not.toContain(created.secret.slice("whsec_".length));

    const listed = await cli("webhook", "list", "--partner", "acme", "--json");
    expect(listed.code).toBe(0);
    expect(jsonOf(listed)).toEqual({
      partner: "acme",
      webhooks: [
        {
          id: created.id,
          url: URL,
          events: ["order.completed", "order.failed"],
          description: "ERP",
          enabled: true,
          disabledReason: null,
        },
      ],
    });
    expect(listed.stdout).not.toContain("whsec_");
    const text = await cli("webhook", "list", "--partner", "acme");
    expect(text.stdout).toContain(created.id);
    expect(text.stdout).toContain("order.completed, order.failed");
    expect(text.stdout).not.toContain("whsec_");
    expect((await cli("webhook", "list", "--partner", "globex")).stdout).toContain("No webhook endpoints");

    const rotate = await cli("webhook", "rotate-secret", "--partner", "acme", "--id", created.id, "--json");
    expect(rotate.code, rotate.stderr).toBe(0);
    const rotated = jsonOf(rotate) as { id: string; secret: string; previousSecretExpiresAt: string };
    expect(rotated.id).toBe(created.id);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const hours = (Date.parse(rotated.previousSecretExpiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const rotateText = await cli("webhook", "rotate-secret", "--partner", "acme", "--id", created.id);
    expect(rotateText.stdout).toMatch(/whsec_/);
    expect(rotateText.stdout).toMatch(/old secret keeps signing .*24 hours/);

    const removed = await cli("webhook", "delete", "--partner", "acme", "--id", created.id, "--json");
    expect(removed.code).toBe(0);
    expect(jsonOf(removed)).toEqual({ id: created.id, deleted: true });
    expect(await t.db.webhookEndpoint.count({ where: { id: created.id } })).toBe(0);
    expect(jsonOf(await cli("webhook", "list", "--partner", "acme", "--json"))).toEqual({
      partner: "acme",
      webhooks: [],
    });

    const audit = await t.db.auditEvent.findMany({
      where: { subjectId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorKind: true, actorId: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "webhook_endpoint.created",
      "webhook_endpoint.deleted",
      "webhook_endpoint.secret_rotated",
      "webhook_endpoint.secret_rotated",
    ]);
    for (const row of audit)
      expect(row).toMatchObject({ actorKind: "system", actorId: "operator:ops-tester" });
  });

  it("the human output of create shows the secret once and says so", async () => {
    const run = await cli("webhook", "create", "--partner", "acme", "--url", URL, "--events", "order.failed");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/secret: whsec_/);
    expect(run.stdout).toMatch(/shown only now/);
  });

  it("refuses an unknown partner, event, endpoint id and a private URL with a clear message", async () => {
    const args = ["--url", URL, "--events", "order.completed", "--json"];

    const partner = await cli("webhook", "create", "--partner", "nobody", ...args);
    expectClearFailure(partner, /No partner with the slug "nobody"/);
    expect(errorOf(partner).code).toBe("NOT_FOUND");

    const event = await cli(
      "webhook",
      "create",
      "--partner",
      "acme",
      "--url",
      URL,
      "--events",
      "order.completed,order.shipped",
      "--json",
    );
    expectClearFailure(
      event,
      /unknown event "order\.shipped"; valid events are order\.submitted, order\.completed/,
    );
    expect(event.code).toBe(2);

    const privateUrl = await cli(
      "webhook",
      "create",
      "--partner",
      "acme",
      "--url",
      "http://10.0.0.1/hooks",
      "--events",
      "order.completed",
      "--json",
    );
    expectClearFailure(privateUrl, /url: http:\/\/10\.0\.0\.1\//);
    expect(errorOf(privateUrl).code).toBe("VALIDATION");

    for (const command of ["delete", "rotate-secret"]) {
      const id = "whe_000000000000000000000000";
      const run = await cli("webhook", command, "--partner", "acme", "--id", id, "--json");
      expectClearFailure(run, new RegExp(`No webhook endpoint ${id}`));
      expect(errorOf(run).code).toBe("NOT_FOUND");
    }

    const missing = await cli("webhook", "create", "--partner", "acme", "--url", URL, "--json");
    expectClearFailure(missing, /--events is required/);
    expect(missing.code).toBe(2);

    expect(await t.db.webhookEndpoint.count({ where: { url: "http://10.0.0.1/hooks" } })).toBe(0);
  });

  it("does not let one partner's id reach another partner's endpoint", async () => {
    const created = jsonOf(
      await cli("webhook", "create", "--partner", "acme", "--url", URL, "--events", "order.failed", "--json"),
    ) as { id: string };
    const run = await cli("webhook", "delete", "--partner", "globex", "--id", created.id, "--json");
    expectClearFailure(run, /No webhook endpoint/);
    expect(await t.db.webhookEndpoint.count({ where: { id: created.id } })).toBe(1);
  });

  it("--help names every event an endpoint can listen to", () => {
    for (const event of WEBHOOK_EVENT_TYPES) expect(HELP).toContain(event);
  });
});
