// The adapter-pg driver adapter, as the schema engine needs it (see pg-adapter-fixes.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { type ClosableAdapterFactory, closableAdapterFactory } from "./closable-adapter-factory";
import { relabelCharColumnsInPool, withEngineFixes } from "./pg-adapter-fixes";
import { pgPoolConfig, resetPgSchema } from "./pg-connection";

async function connectTo(url: string): Promise<SqlDriverAdapter> {
  const pool = relabelCharColumnsInPool(new pg.Pool(pgPoolConfig(url)));
  // Errors of idle connections surface on the next query; without a listener they crash the process.
  pool.on("error", () => {});
  // adapter-pg ships its own newer @types/pg, so its Pool type differs from ours on paper only.
  const adapterPool = pool as unknown as ConstructorParameters<typeof PrismaPg>[0];
  // disposeExternalPool: the adapter owns this pool and ends it on dispose.
  const factory = new PrismaPg(adapterPool, { disposeExternalPool: true });
  return withEngineFixes(await factory.connect());
}

/**
 * `shadowUrl` names a database we created (or SHADOW_DATABASE_URL) and may empty at will. The engine
 * opens the shadow database several times per command and expects it empty each time, so every
 * open resets it; disposing a shadow connection never drops the database (we drop ours at the end).
 */
export function pgAdapterFactory(url: string, shadowUrl?: string): ClosableAdapterFactory {
  return closableAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(url),
    connectToShadowDb: async () => {
      if (!shadowUrl) throw new Error("This command needs no shadow database, but the engine asked for one.");
      await resetPgSchema(shadowUrl);
      return connectTo(shadowUrl);
    },
  });
}
