// API clients, the catalogue, demo data and signing keys. One function per CLI command: turn
// parsed flags into a service call and format its answer. No business rules here; they live in
// the services the portal and the API also use.
import { readFile } from "node:fs/promises";
import {
  createApiClient,
  listApiClients,
  revokeApiClient,
} from "../../features/api-clients/api-client-service";
import type { Operator } from "../../features/audit/operator-audit";
import { generateSigningJwk, parseSigningKeys } from "../../features/auth/signing-keys";
import { importOffers } from "../../features/catalog/import-offers";
import { demoInfo } from "../../features/seed/demo-info";
import { seedDemo } from "../../features/seed/seed-demo";
import type { Db } from "../../infra/db/db";
import { env } from "../../infra/env/env";
import { type Flags, list, optional, required } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";
import { progressPrinter, stripeCatalogueFromEnv, stripeSyncLines } from "./stripe-commands";

export async function apiClientCreate(db: Db, operator: Operator, flags: Flags, out: Output) {
  const client = await createApiClient(db, operator, {
    partner: required(flags, "partner"),
    name: required(flags, "name"),
    scopes: list(required(flags, "scopes")) ?? [],
  });
  out.result(
    client,
    `Created API client "${client.name}" for partner ${client.partner}\n  client_id:     ${client.client_id}\n  client_secret: ${client.client_secret}\n  scopes:        ${client.scopes.join(" ")}\nThe secret is shown only now; store it safely.`,
  );
}

export async function apiClientRevoke(db: Db, operator: Operator, flags: Flags, out: Output) {
  const result = await revokeApiClient(db, operator, required(flags, "client-id"));
  out.result(
    result,
    result.already_revoked
      ? `API client ${result.client_id} was already revoked`
      : `Revoked API client ${result.client_id}`,
  );
}

export async function apiClientList(db: Db, flags: Flags, out: Output) {
  const clients = await listApiClients(db, required(flags, "partner"));
  out.result(
    { partner: required(flags, "partner"), api_clients: clients },
    clients.length
      ? clients
          .map(
            (c) =>
              `${c.client_id.padEnd(28)} ${(c.revoked_at ? "revoked" : "active").padEnd(8)} ${c.name}\n    scopes: ${c.scopes.join(" ")}; last used: ${c.last_used_at ?? "never"}`,
          )
          .join("\n")
      : "No API clients.",
  );
}

export async function offersImport(db: Db, positionals: string[], out: Output) {
  const file = positionals[0];
  if (!file) throw new UsageError("offers import needs a file: npm run cli -- offers import <file.json>");
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : "cannot be read";
    throw new UsageError(`${file} ${reason}`);
  }
  const stripe = stripeCatalogueFromEnv();
  const result = await importOffers(
    db,
    parsed,
    (done, total) => out.info(`importing offers: ${done}/${total}`),
    {
      stripe,
      onStripeProgress: progressPrinter(out, "synced to Stripe"),
    },
  );
  // The catalogue is committed whatever Stripe did: a failure is reported, not an error (running
  // the import again would make yet another version); `catalog sync-stripe` finishes the sync.
  if (result.stripe?.failure) out.info(`warning: the offers are imported, but not all synced to Stripe`);
  const unmapped = result.offers.filter((o) => o.zuora === "removed").map((o) => o.id);
  out.result(
    result,
    `Imported ${result.imported} offers (${result.created} new, ${result.newVersions} new versions)\n${result.offers
      .map((o) => `  ${o.id} v${o.version}  ${o.name}`)
      .join("\n")}${
      unmapped.length
        ? `\nZuora mapping removed (product code or billing period changed): ${unmapped.join(", ")}; run \`catalog map-zuora\` to map them again`
        : ""
    }${result.stripe ? `\n${stripeSyncLines(result.stripe, { codes: false }).join("\n")}` : ""}`,
  );
}

export async function seed(db: Db, flags: Flags, out: Output) {
  if (flags.demo !== true) throw new UsageError("seed needs --demo (the only data set there is)");
  const summary = await seedDemo(db, (line) => out.info(line));
  const c = summary.created;
  out.result(
    summary,
    `Demo data ready for partners ${summary.partners.join(", ")} (created now: ${c.partners} partners, ${c.users} users, ${c.apiClients} API clients, ${c.offers} offers, ${c.discountCodes} discount codes, ${c.orders} orders)`,
  );
}

export async function demoInfoCommand(db: Db, out: Output) {
  const partners = await demoInfo(db);
  if (partners.length === 0)
    throw new UsageError("This database has no demo data. Run `npm run db:seed` first.");
  const { appUrl } = env();
  const text = [
    `Demo sign-in at ${appUrl}/signin (password for every demo user: ${partners[0]?.signIns[0]?.password}):`,
    ...partners.flatMap((p) => [
      `  ${p.name} (${p.partner})`,
      ...p.signIns.map((s) => `    ${s.role.padEnd(5)}  ${s.email}`),
    ]),
    "Demo API clients (POST /oauth/token, grant_type=client_credentials):",
    ...partners.map(
      (p) => `  ${p.partner}: client_id=${p.apiClient.client_id} client_secret=${p.apiClient.client_secret}`,
    ),
  ].join("\n");
  out.result({ appUrl, partners }, text);
}

/** Prints a JWKS for OAUTH_SIGNING_KEYS; with --add-to, the new key goes first (a rotation). */
export async function keysGenerate(flags: Flags, out: Output) {
  const key = await generateSigningJwk();
  const existingText = optional(flags, "add-to");
  let existing: unknown[] = [];
  if (existingText !== undefined) {
    try {
      await parseSigningKeys(existingText); // validates every key before we reuse them
      existing = (JSON.parse(existingText) as { keys: unknown[] }).keys;
    } catch (error) {
      throw new UsageError(`--add-to is not a valid signing key set: ${(error as Error).message}`);
    }
  }
  const jwks = { keys: [key, ...existing] };
  out.result(jwks, JSON.stringify(jwks));
  out.info(
    `New signing key ${key.kid}. Set OAUTH_SIGNING_KEYS to the printed JSON on every instance; it is a secret.`,
  );
}
