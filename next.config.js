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
};

export default nextConfig;
