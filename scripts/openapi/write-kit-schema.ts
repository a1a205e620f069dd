// `npm run kit:generate` writes the partner kit's TypeScript types from the committed
// docs/openapi.json (run `npm run openapi:write` first when the API changed); `--check` fails
// when the committed types are stale.
import { readFileSync } from "node:fs";
import { DOCUMENT_FILE, generateKitSchemaText, KIT_SCHEMA_FILE, writeOrCheck } from "./generated-files";

const document = readFileSync(DOCUMENT_FILE, "utf8");
writeOrCheck(KIT_SCHEMA_FILE, await generateKitSchemaText(document), "npm run kit:generate");
