// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // `npm run build` leaves a self-contained server in .next/standalone, completed by
  // scripts/build/complete-bundle.ts: a deployment copies that folder and nothing else.
  output: "standalone",
  poweredByHeader: false,
  // Native and driver packages are loaded by Node at run time instead of being bundled; so is
  // swagger-ui-dist, whose files the API reference reads from its folder on disk.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "swagger-ui-dist",
  ],
  typedRoutes: false,
  // Files read from disk at run time, which the standalone trace cannot see through imports.
  outputFileTracingIncludes: {
    "/docs/api/**/*": [
      "./node_modules/swagger-ui-dist/swagger-ui-bundle.js",
      "./node_modules/swagger-ui-dist/swagger-ui.css",
      "./node_modules/swagger-ui-dist/favicon-32x32.png",
    ],
  },
  // The discovery documents are answered by plain route handlers, outside proxy.ts and the REST
  // frame; they are data, so nothing may load or frame them.
  async headers() {
    return [
      {
        source: "/.well-known/:path*",
        headers: [
          { key: "content-security-policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "x-content-type-options", value: "nosniff" },
          { key: "x-frame-options", value: "DENY" },
          { key: "referrer-policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
