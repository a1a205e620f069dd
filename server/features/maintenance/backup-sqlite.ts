// `backup --to <file>`: an online, consistent copy of the embedded database, taken with SQLite's
// backup API while the app keeps serving (readers and writers are not stopped; pages changed
// during the copy are copied again). PostgreSQL has its own tools (pg_dump): see
// docs/operations.md.
import { existsSync, statSync } from "node:fs";
import { chmod, rename, rm } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { DomainError } from "../../domain/domain-error";

export type BackupResult = { from: string; to: string; bytes: number; pages: number; ms: number };

export async function backupSqlite(
  source: string,
  destination: string,
  progress: (copiedPages: number, totalPages: number) => void = () => {},
): Promise<BackupResult> {
  if (!existsSync(source)) throw new DomainError("NOT_FOUND", `No embedded database at ${source}`);
  const to = path.resolve(destination);
  if (to === path.resolve(source))
    throw new DomainError("VALIDATION", "The backup cannot overwrite the database itself");
  if (existsSync(to)) throw new DomainError("CONFLICT", `${to} already exists; choose a new file name`);
  if (!existsSync(path.dirname(to)))
    throw new DomainError("VALIDATION", `The folder ${path.dirname(to)} does not exist`);

  const started = performance.now();
  // Written beside the target under a temporary name and renamed when complete and checked, so
  // a failed or interrupted backup never leaves a file that looks like a good one.
  const partial = `${to}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    const done = await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        progress(totalPages - remainingPages, totalPages);
        return 1024; // pages per step: short steps leave room for the app's writers
      },
    });
    pages = done.totalPages;
    progress(pages, pages);
  } catch (error) {
    await removeCopy(partial);
    throw error;
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    // One self-contained file: the copy inherits WAL mode, which would keep -wal and -shm
    // files beside it.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`the copy failed SQLite's check: ${String(check)}`);
  } catch (error) {
    copy.close();
    await removeCopy(partial);
    throw error;
  }
  copy.close();
  // It holds password hashes and customers' data: readable by its owner only.
  await chmod(partial, 0o600);
  await rename(partial, to);
  return { from: source, to, bytes: statSync(to).size, pages, ms: Math.round(performance.now() - started) };
}

async function removeCopy(file: string) {
  await Promise.all(
    ["", "-wal", "-shm", "-journal"].map((suffix) => rm(`${file}${suffix}`, { force: true })),
  );
}
