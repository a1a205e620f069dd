// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
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
