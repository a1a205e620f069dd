// `npm run openapi:write` writes docs/openapi.json, the partner API's OpenAPI document as the
// code generates it; `--check` fails when the committed file is stale (see generated-files.ts).
import { DOCUMENT_FILE, generateDocumentText, writeOrCheck } from "./generated-files";

writeOrCheck(DOCUMENT_FILE, await generateDocumentText(), "npm run openapi:write");
