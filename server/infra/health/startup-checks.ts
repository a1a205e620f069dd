// Start-up checks of the server: refuse to start on an invalid environment (one message naming
// the bad variable), and say plainly when the database is not migrated (the health endpoint
// then answers 503 until it is).
import { EnvError, env } from "../env/env";
import { log } from "../log/log";
import { databaseHealth } from "./database-health";

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\nPartner portal cannot start.\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const health = await databaseHealth();
if (!health.ok)
  log.error("database not ready", { problem: health.problem, detail: health.detail, fix: health.fix });
