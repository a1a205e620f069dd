// Reading the CLI's parsed flags: required and optional values, lists, whole numbers, and the
// words that clear a setting. A bad value is a UsageError (exit 2 with a message).
import { UsageError } from "./cli-io";

export type Flags = Record<string, string | boolean | undefined>;

export function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} is required`);
  return value;
}

export function optional(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

export function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
}

export function integer(flags: Flags, name: string, hint = "a whole number"): number | undefined {
  const value = optional(flags, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be ${hint} (got "${value}")`);
  return Number(value);
}

/** A setting that a word clears: `--credit-limit none`, `--countries all`. */
export function orCleared<T>(
  flags: Flags,
  name: string,
  clearWord: string,
  read: () => T,
): T | null | undefined {
  const value = optional(flags, name);
  if (value === undefined) return undefined;
  return value.trim().toLowerCase() === clearWord ? null : read();
}

export function oneOf<T extends string>(flags: Flags, name: string, allowed: readonly T[]): T | undefined {
  const value = optional(flags, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
}

/** A password from --password, or from standard input with --password-stdin (kept out of `ps`). */
export async function password(flags: Flags): Promise<string> {
  if (flags["password-stdin"] === true) return (await readStdin()).replace(/\r?\n$/, "");
  return required(flags, "password");
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
