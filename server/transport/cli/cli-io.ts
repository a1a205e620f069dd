// Output conventions of the operator CLI (docs/operations.md, "The operator CLI"): with --json
// exactly one JSON object on stdout; without it readable text. Messages and progress go to
// stderr, so stdout stays clean for pipes.

export class UsageError extends Error {
  override name = "UsageError";
}

export type Output = {
  json: boolean;
  /** The command's result: the JSON object, or readable lines. */
  result(value: Record<string, unknown>, text: string): void;
  /** Progress and notes for people; never on stdout. */
  info(line: string): void;
};

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
    },
    info(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}
