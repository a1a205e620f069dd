import path from "node:path";

/**
 * The project's data folder (PORTAL_DATA_DIR, default `data/` under the working directory): the
 * embedded database and the development secrets live here. A function of the environment it is
 * given, so that the validated settings (env.ts) and the migration tooling, which runs before
 * the app's settings are complete, resolve it the same way.
 */
export function dataDirOf(source: Record<string, string | undefined>): string {
  const configured = source.PORTAL_DATA_DIR?.trim();
  return path.resolve(/*turbopackIgnore: true*/ configured || path.join(process.cwd(), "data"));
}
