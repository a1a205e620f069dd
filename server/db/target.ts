// Which database DATABASE_URL names (docs/operations.md, "Settings"). Shared by the app, the CLI and the
// migration scripts so they can never disagree about where the data is.
import path from "node:path";
import { dataDir } from "../paths";

export type DatabaseTarget =
  | { kind: "sqlite"; file: string; display: string }
  | { kind: "postgresql"; url: string; display: string };

export function resolveDatabaseTarget(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim();
  if (!url) {
    const file = path.join(dataDir(), "portal.db");
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
