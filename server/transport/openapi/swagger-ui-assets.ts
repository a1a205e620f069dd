// The interactive API reference is Swagger UI from the swagger-ui-dist npm package, served by
// the app itself (no CDN): only the few files the page needs, read once and kept in memory.
//
// The package's folder comes from its own `absolute-path.js`, loaded by Node at run time
// (swagger-ui-dist is in next.config.js's serverExternalPackages). Resolving it with
// `require.resolve` instead does not survive the production bundler: Turbopack turns the
// resolved path into a module number, and every asset answered 500.
import { readFile } from "node:fs/promises";
import path from "node:path";
import getAbsoluteFSPath from "swagger-ui-dist/absolute-path.js";

const FILES: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const cache = new Map<string, Buffer>();

export async function swaggerAsset(name: string): Promise<{ body: Buffer; contentType: string } | null> {
  // Own keys only: "constructor" or "__proto__" must read as unknown files, not as Object's members.
  const contentType = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!contentType) return null;
  let body = cache.get(name);
  if (!body) {
    body = await readFile(path.join(/*turbopackIgnore: true*/ getAbsoluteFSPath(), name));
    cache.set(name, body);
  }
  return { body, contentType };
}

/** The page's own start-up script: a file, not inline, so a strict CSP can forbid inline scripts. */
export const SWAGGER_INIT_JS = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
`;

/** The page; its scripts carry the request's CSP nonce (proxy.ts), or the policy blocks them. */
export const swaggerPageHtml = (nonce: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Partner Orders API reference</title>
  <link rel="stylesheet" href="/docs/api/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/api/assets/favicon-32x32.png">
  <style>body{margin:0} .back{font:14px system-ui,sans-serif;padding:8px 16px;background:#1b1f24} .back a{color:#fff}</style>
</head>
<body>
  <nav class="back" aria-label="Portal"><a href="/">&larr; Back to the portal</a> &middot; <a href="/api/openapi.json">openapi.json</a></nav>
  <main id="swagger-ui"></main>
  <script nonce="${nonce}" src="/docs/api/assets/swagger-ui-bundle.js"></script>
  <script nonce="${nonce}" src="/docs/api/assets/init.js"></script>
</body>
</html>
`;
