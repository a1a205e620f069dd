// The two generated files partners' developers get from the repository: the OpenAPI document
// (docs/openapi.json) and the TypeScript types of the partner kit generated from it
// (partner-kit/typescript/src/schema.d.ts). The write scripts and the drift test share these
// functions, so "what the code generates" means one thing everywhere.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DOCUMENT_FILE = path.join(ROOT, "docs/openapi.json");
export const KIT_SCHEMA_FILE = path.join(ROOT, "partner-kit/typescript/src/schema.d.ts");

/**
 * The base URL written into the committed document (`servers`, the OAuth token URL). The served
 * document (/api/openapi.json) names the deployment's APP_URL instead; the committed one must not
 * depend on whoever generated it, so it names the demo server (`npm run demo`), which is also
 * what the app uses when APP_URL is unset. Clients take the real base URL as a setting.
 */
export const DOCUMENT_BASE_URL = "http://localhost:3000";

/**
 * Formats a generated text as the project's Biome formats the file it is written to (2-space
 * indents, short arrays on one line, a final newline), so committed generated files pass
 * `npm run lint` and regenerating one gives the same bytes.
 */
function biomeFormat(text: string, file: string): string {
  return execFileSync(
    path.join(ROOT, "node_modules/.bin/biome"),
    ["format", `--stdin-file-path=${path.relative(ROOT, file)}`],
    { cwd: ROOT, input: text, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
}

/** The OpenAPI document as the code generates it, pretty-printed as committed. */
export async function generateDocumentText(): Promise<string> {
  // server/infra/env/env.ts reads the environment once, on first use: set it before the first call.
  process.env.APP_URL = DOCUMENT_BASE_URL;
  // A fixed secret keeps env() from creating a development secret file under data/.
  process.env.AUTH_SECRET ??= "openapi-document-generation-only-0123456789";
  const { openApiDocument } = await import("../../server/transport/openapi/openapi-document");
  const document = openApiDocument();
  const server = document.servers[0]?.url;
  if (server !== DOCUMENT_BASE_URL) {
    // env() was read before APP_URL was set (by something imported earlier in this process).
    throw new Error(`the document names ${server}, not ${DOCUMENT_BASE_URL}: generate it in a fresh process`);
  }
  return biomeFormat(`${JSON.stringify(document, null, 2)}\n`, DOCUMENT_FILE);
}

/** The kit's TypeScript types (for openapi-fetch) generated from an OpenAPI document text. */
export async function generateKitSchemaText(documentText: string): Promise<string> {
  const nodes = await openapiTS(JSON.parse(documentText) as OpenAPI3, {
    // A field with a default stays optional: OrderRequest is what clients send, and the server
    // fills in defaults (process_immediately). Answers list every field as required anyway.
    defaultNonNullable: false,
    silent: true,
  });
  return biomeFormat(`${COMMENT_HEADER}${astToString(nodes)}`, KIT_SCHEMA_FILE);
}

/** The committed text of a file, or null when it does not exist yet. */
export function committedText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/**
 * Writes a generated file, or with `--check` only compares it with the committed one and exits
 * non-zero when they differ, naming the command that brings it up to date.
 */
export function writeOrCheck(file: string, text: string, command: string): void {
  const relative = path.relative(ROOT, file);
  if (process.argv.includes("--check")) {
    if (committedText(file) === text) {
      console.log(`${relative} is up to date`);
      return;
    }
    console.error(`${relative} differs from what the code generates: run \`${command}\` and commit it`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${relative}`);
}
