// Runs the partner walkthrough against a running portal and prints each step:
//   PORTAL_URL=https://portal.example.com CLIENT_ID=... CLIENT_SECRET=... tsx example.ts
// The defaults are the demo server (`npm run demo`) and its demo API client.
import { PartnerApiError, TokenError } from "./src/client";
import { runOrderWalkthrough } from "./src/walkthrough";

try {
  await runOrderWalkthrough({
    baseUrl: process.env.PORTAL_URL ?? "http://localhost:3000",
    clientId: process.env.CLIENT_ID ?? "demo-acme-erp",
    clientSecret: process.env.CLIENT_SECRET ?? "demo-acme-erp-secret-0123456789",
  });
} catch (error) {
  // The API's own explanation (problem+json or OAuth error) is more use than a stack trace.
  if (!(error instanceof PartnerApiError || error instanceof TokenError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
