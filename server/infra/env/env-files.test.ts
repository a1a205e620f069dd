// The CLI reads the server's .env files in Next.js's order, never over the process environment.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { envFilesFor, loadEnvFiles } from "./env-files";

const dir = mkdtempSync(path.join(tmpdir(), "env-files-"));
const KEYS = ["CLI_T_A", "CLI_T_B", "CLI_T_C", "CLI_T_D"];

afterEach(() => {
  for (const key of KEYS) delete process.env[key];
});

describe("loadEnvFiles", () => {
  it("follows Next.js's order: mode-local, local, mode, plain; the first value wins", () => {
    expect(envFilesFor(undefined)).toEqual([
      ".env.production.local",
      ".env.local",
      ".env.production",
      ".env",
    ]);
    expect(envFilesFor("development")[0]).toBe(".env.development.local");
    expect(envFilesFor("test")).not.toContain(".env.local");
  });

  it("loads what exists and never overwrites the process environment", () => {
    writeFileSync(path.join(dir, ".env"), "CLI_T_A=env\nCLI_T_B=env\nCLI_T_C=env\nCLI_T_D=env\n");
    writeFileSync(path.join(dir, ".env.local"), "CLI_T_A=local\nCLI_T_B=local\n");
    writeFileSync(path.join(dir, ".env.production.local"), "CLI_T_A=production-local\n");
    process.env.CLI_T_D = "process";
    expect(loadEnvFiles(dir, undefined)).toEqual([".env.production.local", ".env.local", ".env"]);
    expect([process.env.CLI_T_A, process.env.CLI_T_B, process.env.CLI_T_C, process.env.CLI_T_D]).toEqual([
      "production-local",
      "local",
      "env",
      "process",
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
