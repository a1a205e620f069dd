// Runs the operator CLI as an operator does: a child process with real arguments, on the
// database a test names.
import { type ChildProcess, execFile } from "node:child_process";
import path from "node:path";

export type CliRun = { code: number; stdout: string; stderr: string };

const ROOT = path.resolve(import.meta.dirname, "../..");

export function runCli(
  databaseUrl: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child: ChildProcess = execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "server/transport/cli/main.ts"), ...args],
      {
        cwd: ROOT,
        // The test names the database; a developer's .env files must not add anything.
        env: { ...process.env, DATABASE_URL: databaseUrl, PORTAL_NO_ENV_FILES: "1", ...options.env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? "");
  });
}

/** The one JSON object a `--json` run printed. */
export function jsonOf(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.stdout) as Record<string, unknown>;
}
