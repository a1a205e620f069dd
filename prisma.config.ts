// Prisma CLI configuration. Migrations are applied by scripts/prisma/migrate.ts (the native
// schema engine cannot be downloaded on our machines); `prisma generate` is run by
// scripts/prisma/generate.ts for both providers.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
