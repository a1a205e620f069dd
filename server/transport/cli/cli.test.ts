// The operator CLI as an operator runs it: a child process, real arguments, a real database.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../tests/helpers/run-cli";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/test-database";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const cli = (...args: string[]) => runCli(t.url, args);

// Each command is a fresh Node process that loads tsx and the Prisma client (1-3 s, more on a
// busy machine), and a test runs several in a row.
describe("operator CLI", { timeout: 240_000 }, () => {
  it("creates a partner, a staff user and an API client, printing one JSON object each", async () => {
    const partner = await cli(
      "partner",
      "create",
      "--slug",
      "initech",
      "--name",
      "Initech",
      "--countries",
      "GB,de",
      "--credit-limit",
      "500000",
      "--json",
    );
    expect(partner.code).toBe(0);
    expect(JSON.parse(partner.stdout)).toMatchObject({
      partner: { slug: "initech", allowedCountries: ["GB", "DE"], creditLimit: 500000 },
    });

    const user = await cli(
      "user",
      "create",
      "--partner",
      "initech",
      "--email",
      "Peter@Initech.test",
      "--name",
      "Peter",
      "--role",
      "admin",
      "--password",
      "correct horse battery",
      "--json",
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({
      user: { email: "peter@initech.test", role: "admin", partner: "initech" },
    });

    const client = await cli(
      "api-client",
      "create",
      "--partner",
      "initech",
      "--name",
      "ERP",
      "--scopes",
      "orders:preview,orders:read",
      "--json",
    );
    expect(client.code).toBe(0);
    const created = JSON.parse(client.stdout);
    expect(created).toMatchObject({ partner: "initech", scopes: ["orders:preview", "orders:read"] });
    expect(created.client_secret).toMatch(/^pcs_/);
    const row = await t.db.apiClient.findUniqueOrThrow({ where: { clientId: created.client_id } });
    expect(row.secretHash).not.toContain(created.client_secret);

    const revoked = await cli("api-client", "revoke", "--client-id", created.client_id, "--json");
    expect(JSON.parse(revoked.stdout)).toMatchObject({ client_id: created.client_id, revoked: true });
    expect(
      (await t.db.apiClient.findUniqueOrThrow({ where: { clientId: created.client_id } })).revokedAt,
    ).not.toBeNull();
  });

  it("refuses bad arguments with a clear message and a non-zero exit", async () => {
    const missing = await cli("partner", "create", "--name", "No slug");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--slug is required");
    expect(missing.stdout).toBe("");

    const unknown = await cli("partner", "explode", "--json");
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe("USAGE");

    const badScope = await cli(
      "api-client",
      "create",
      "--partner",
      "initech",
      "--name",
      "X",
      "--scopes",
      "orders:delete",
      "--json",
    );
    expect(badScope.code).toBe(1);
    expect(JSON.parse(badScope.stdout).error).toMatchObject({ code: "VALIDATION" });
    expect(badScope.stderr).toMatch(/scopes/);

    const duplicate = await cli("partner", "create", "--slug", "initech", "--name", "Again");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");

    const badNumber = await cli(
      "partner",
      "create",
      "--slug",
      "x2",
      "--name",
      "X",
      "--credit-limit",
      "12.50",
    );
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("whole number of minor units");
  });

  it("imports a catalogue all or nothing, and a second import adds versions", async () => {
    const dir = path.dirname(t.url.replace(/^file:/, ""));
    const good = path.join(dir.startsWith("postgres") ? "/tmp" : dir, `good-${Date.now()}.json`);
    writeFileSync(
      good,
      JSON.stringify({
        offers: [
          {
            id: "cli-basic",
            name: "Basic",
            productCode: "CLI-B",
            billingPeriod: "month",
            prices: { GBP: 1000 },
          },
        ],
      }),
    );
    const first = await cli("offers", "import", good, "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 1, created: 1 });
    const again = await cli("offers", "import", good, "--json");
    expect(JSON.parse(again.stdout).offers[0]).toMatchObject({ id: "cli-basic", version: 2 });

    const bad = good.replace("good-", "bad-");
    writeFileSync(
      bad,
      JSON.stringify({
        offers: [
          { id: "cli-new-ok", name: "Fine", productCode: "OK", billingPeriod: "month", prices: { GBP: 100 } },
          {
            id: "cli-new-bad",
            name: "Float",
            productCode: "BAD",
            billingPeriod: "month",
            prices: { GBP: 9.99 },
          },
        ],
      }),
    );
    const refused = await cli("offers", "import", bad, "--json");
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.errors[0].path).toBe("offers.1.prices.GBP");
    expect(await t.db.offer.count({ where: { id: { in: ["cli-new-ok", "cli-new-bad"] } } })).toBe(0);

    const unknownPartner = good.replace("good-", "unknown-");
    writeFileSync(
      unknownPartner,
      JSON.stringify({
        offers: [
          {
            id: "cli-x",
            name: "X",
            productCode: "X",
            billingPeriod: "once",
            prices: { EUR: 5 },
            eligiblePartners: ["nobody"],
          },
        ],
      }),
    );
    const refused2 = await cli("offers", "import", unknownPartner);
    expect(refused2.code).toBe(1);
    expect(refused2.stderr).toContain('no partner with the slug "nobody"');
    expect(await t.db.offer.count({ where: { id: "cli-x" } })).toBe(0);
  });

  it("seeds demo data twice without duplicating anything", async () => {
    const first = await cli("seed", "--demo", "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).created).toMatchObject({
      partners: 2,
      users: 4,
      apiClients: 2,
      orders: 5,
    });
    const second = await cli("seed", "--demo", "--json");
    expect(JSON.parse(second.stdout).created).toEqual({
      partners: 0,
      users: 0,
      apiClients: 0,
      offers: 0,
      discountCodes: 0,
      orders: 0,
    });
  });
});
