// Taking the signals over from Next.js when NEXT_MANUAL_SIG_HANDLE was not set: its handler (the
// function start-server.js names `cleanup`) goes, any other stays.
import { afterEach, expect, it, vi } from "vitest";
import { log } from "../log/log";
import { takeSignalsFromNext } from "./next-signal-handler";

afterEach(() => {
  vi.restoreAllMocks();
});

it("removes Next's own SIGTERM and SIGINT handlers and keeps the others", () => {
  vi.spyOn(log, "info").mockImplementation(() => {});
  // As start-server.js declares it: `const cleanup = (signal) => { ... }`.
  const cleanup = () => {};
  const other = () => {};
  process.on("SIGTERM", cleanup);
  process.on("SIGINT", cleanup);
  process.on("SIGTERM", other);
  try {
    expect(takeSignalsFromNext()).toBe(2);
    expect(process.listeners("SIGTERM")).not.toContain(cleanup);
    expect(process.listeners("SIGINT")).not.toContain(cleanup);
    expect(process.listeners("SIGTERM")).toContain(other);
    expect(log.info).toHaveBeenCalledWith(
      "shutdown: took SIGTERM and SIGINT over from Next.js",
      expect.anything(),
    );
  } finally {
    process.removeListener("SIGTERM", other);
    process.removeListener("SIGTERM", cleanup);
    process.removeListener("SIGINT", cleanup);
  }
});

it("warns when SIGTERM has a handler it cannot tell apart and NEXT_MANUAL_SIG_HANDLE is not set", () => {
  vi.spyOn(log, "warn").mockImplementation(() => {});
  vi.stubEnv("NEXT_MANUAL_SIG_HANDLE", "");
  const renamed = () => {};
  process.on("SIGTERM", renamed);
  try {
    expect(takeSignalsFromNext()).toBe(0);
    expect(log.warn).toHaveBeenCalledOnce();
  } finally {
    process.removeListener("SIGTERM", renamed);
    vi.unstubAllEnvs();
  }
});
