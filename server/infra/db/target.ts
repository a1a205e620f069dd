// Which database DATABASE_URL names (docs/operations.md, "Settings"). Shared by the app, the CLI and the
// migration scripts so they can never disagree about where the data is.
import path from "node:path";

export type DatabaseTarget =
  | { kind: "sqlite"; file: string; display: string }
  | { kind: "postgresql"; url: string; display: string };

/**
 * `dataDir` (the validated PORTAL_DATA_DIR, or `dataDirOf(process.env)` in tooling that runs
 * without the app's settings) holds the embedded database when DATABASE_URL is unset.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  const url = databaseUrl?.trim();
  if (!url) {
    const file = path.join(dataDir, "portal.db");
    return { kind: "sqlite", file, display: `embedded database ${path.relative(process.cwd(), file)}` };
  }
  if (url.startsWith("file:")) {
    const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice("file:".length));
    return { kind: "sqlite", file, display: `embedded database ${file}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { kind: "postgresql", url, display: `PostgreSQL ${redactUrl(url)}` };
  }
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${redactUrl(url)}")`);
}

/** The URL without its password, safe for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, "://$1:***@");
  }
}
