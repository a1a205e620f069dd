import path from "node:path";

/** The project's data folder: the embedded database and development secrets live here. */
export function dataDir(): string {
  return path.resolve(
    /*turbopackIgnore: true*/ process.env.PORTAL_DATA_DIR ?? path.join(process.cwd(), "data"),
  );
}
