// The operator CLI (`npm run cli`), run against the database the server under test uses
// (scripts/e2e.sh exports DATABASE_URL), for what has no HTTP endpoint: fresh partners and API
// clients, and revoking a client.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { ClientCredentials } from "./oauth";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");

async function cli<T>(...args: string[]): Promise<T> {
  if (!process.env.DATABASE_URL)
    throw new Error("DATABASE_URL is not set: run the API tests through scripts/e2e.sh");
  const { stdout } = await run(
    path.join(root, "node_modules/.bin/tsx"),
    ["server/transport/cli/main.ts", ...args, "--json"],
    {
      cwd: root,
      env: process.env,
      timeout: 30_000,
    },
  );
  return JSON.parse(stdout) as T;
}

export const ALL_SCOPES = ["orders:preview", "orders:write", "orders:read", "catalog:read"];

export type CreatedClient = ClientCredentials & { scopes: string[]; partner: string };

export async function createApiClient(
  partner: string,
  name: string,
  scopes: string[] = ALL_SCOPES,
): Promise<CreatedClient> {
  const made = await cli<{ client_id: string; client_secret: string; scopes: string[]; partner: string }>(
    "api-client",
    "create",
    "--partner",
    partner,
    "--name",
    name,
    "--scopes",
    scopes.join(","),
  );
  return { clientId: made.client_id, secret: made.client_secret, scopes: made.scopes, partner: made.partner };
}

export async function revokeApiClient(clientId: string): Promise<{ revoked: boolean }> {
  return cli("api-client", "revoke", "--client-id", clientId);
}

export async function createPartner(
  slug: string,
  name: string,
  ...options: string[]
): Promise<{ partner: { id: string; slug: string } }> {
  return cli("partner", "create", "--slug", slug, "--name", name, ...options);
}

/** `partner update` with its flags, e.g. updatePartner("acme", "--credit-limit", "5000"). */
export async function updatePartner(slug: string, ...options: string[]): Promise<unknown> {
  return cli("partner", "update", "--partner", slug, ...options);
}

/** A staff user of its own, for a test that changes what other tests' users rely on (sign-out). */
export async function createStaffUser(
  partner: string,
  email: string,
  password: string,
  role: "admin" | "staff" = "staff",
): Promise<void> {
  await cli(
    "user",
    "create",
    "--partner",
    partner,
    "--email",
    email,
    "--name",
    "Test user",
    "--role",
    role,
    "--password",
    password,
  );
}
