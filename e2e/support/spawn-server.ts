// A second instance of the server under test, for a spec that must own its process (send it
// SIGTERM, give it telemetry settings): the same build and database as the main instance
// (scripts/e2e.sh), on a free port, with extra environment. It runs what e2e.sh runs: the
// standalone bundle (`node server.js` in E2E_SERVER_DIR) when set, else `next start`.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export type SpawnedServer = {
  url: string;
  process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still running. */
  stop: (graceMs?: number) => Promise<number | string>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilLive(url: string, child: SpawnedServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`the server exited early:\n${child.output()}`);
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer within ${timeoutMs} ms:\n${child.output()}`);
}

export async function spawnServer(
  extraEnv: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<SpawnedServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverDir = process.env.E2E_SERVER_DIR;
  const [command, args, cwd] = serverDir
    ? [process.execPath, [path.join(serverDir, "server.js")], serverDir]
    : [
        process.execPath,
        [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
        root,
      ];
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", APP_URL: url, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const spawned: SpawnedServer = {
    url,
    process: child,
    output: () => output,
    exited,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  try {
    await waitUntilLive(url, spawned, timeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return spawned;
}
