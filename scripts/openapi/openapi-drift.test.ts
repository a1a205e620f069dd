// The committed OpenAPI document and the partner kit's types are what partners' developers read
// and build on, so they must never lag behind the code: these tests fail when either is stale.
import { afterAll, describe, expect, it } from "vitest";
import {
  committedText,
  DOCUMENT_FILE,
  generateDocumentText,
  generateKitSchemaText,
  KIT_SCHEMA_FILE,
} from "./generated-files";

const savedEnv = { APP_URL: process.env.APP_URL, AUTH_SECRET: process.env.AUTH_SECRET };
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Where two texts part, as a short readable note (a full diff of 100 KB helps nobody). */
function firstDifference(committed: string | null, generated: string): string {
  if (committed === null) return "the file does not exist";
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? "(end of file)"}\n  generated: ${b[at] ?? "(end of file)"}`;
}

describe("files generated for partners", () => {
  it("docs/openapi.json is the document the code generates", async () => {
    const generated = await generateDocumentText();
    const committed = committedText(DOCUMENT_FILE);
    expect(
      committed === generated,
      `docs/openapi.json is stale, run \`npm run openapi:write\` (then \`npm run kit:generate\`); ${firstDifference(committed, generated)}`,
    ).toBe(true);
  });

  it("the partner kit's schema.d.ts is generated from docs/openapi.json", async () => {
    const document = committedText(DOCUMENT_FILE) ?? "";
    const generated = await generateKitSchemaText(document);
    const committed = committedText(KIT_SCHEMA_FILE);
    expect(
      committed === generated,
      `partner-kit/typescript/src/schema.d.ts is stale, run \`npm run kit:generate\`; ${firstDifference(committed, generated)}`,
    ).toBe(true);
  });
});
