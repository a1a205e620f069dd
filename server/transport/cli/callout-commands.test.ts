// `partner callout` run as an operator runs it (a child process on the test database): it sets
// up a partner's eligibility callout and prints the signing secret once, keeps the secret on a
// change, removes the callout with --off, audits each step under the operator's name, and
// refuses a bad URL or status with one clear line and a non-zero exit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPartners } from "../../../tests/helpers/fixtures";
import { jsonOf, runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";

let t: TestDatabase;
let acmeId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ({ acmeId } = await seedPartners(t.db));
});
afterAll(async () => t?.close());

const ENV = { PORTAL_OPERATOR: "ops-tester", OUTBOUND_ALLOW_HOSTS: "127.0.0.1" };
const cli = (...args: string[]) =>
  runCli(t.url, ["partner", "callout", "--partner", "acme", ...args], { env: ENV });
type Callout = {
  callout: {
    url: string | null;
    timeoutMs: number;
    critical: boolean;
    rejectStatuses: number[];
    secret?: string;
  };
};

describe("partner callout", { timeout: 120_000 }, () => {
  it("sets up the callout with a secret shown once, changes it, and turns it off", async () => {
    const set = await cli(
      "--url",
      "http://127.0.0.1:9/check",
      "--timeout-ms",
      "1500",
      "--critical",
      "true",
      "--json",
    );
    expect(set.code, set.stderr).toBe(0);
    const first = (jsonOf(set) as Callout).callout;
    expect(first).toMatchObject({
      url: "http://127.0.0.1:9/check",
      timeoutMs: 1500,
      critical: true,
      rejectStatuses: [403, 409, 422],
    });
    expect(first.secret).toMatch(/^whsec_/);
    const row = await t.db.partner.findUniqueOrThrow({ where: { id: acmeId } });
    expect(row.calloutSecretSealed).not.toContain(first.secret?.slice(6));

    const changed = (
      jsonOf(await cli("--url", "http://127.0.0.1:9/v2", "--reject-statuses", "451", "--json")) as Callout
    ).callout;
    expect(changed).toMatchObject({ url: "http://127.0.0.1:9/v2", critical: true, rejectStatuses: [451] });
    expect(changed.secret).toBeUndefined();
    expect((await t.db.partner.findUniqueOrThrow({ where: { id: acmeId } })).calloutSecretSealed).toBe(
      row.calloutSecretSealed,
    );

    const human = await cli("--url", "http://127.0.0.1:9/v2", "--rotate-secret");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/signing secret: whsec_/);

    const off = await cli("--off", "--json");
    expect(off.code).toBe(0);
    expect((await t.db.partner.findUniqueOrThrow({ where: { id: acmeId } })).calloutUrl).toBeNull();
    const audit = await t.db.auditEvent.findMany({
      where: { partnerId: acmeId, action: { startsWith: "partner.callout" } },
      select: { action: true, actorId: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "partner.callout_removed",
      "partner.callout_set",
      "partner.callout_set",
      "partner.callout_set",
    ]);
    expect(new Set(audit.map((a) => a.actorId))).toEqual(new Set(["operator:ops-tester"]));
  });

  it.each([
    [["--url", "http://10.0.0.1/check"], /private/],
    [["--url", "https://127.0.0.1:9/x", "--reject-statuses", "200"], /4xx or 5xx/],
    [["--url", "https://127.0.0.1:9/x", "--timeout-ms", "50"], /at least 100/],
    [["--url", "https://127.0.0.1:9/x", "--critical", "maybe"], /critical/],
    [[], /--url/],
  ])("refuses %j clearly", async (args, message) => {
    const run = await cli(...args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
