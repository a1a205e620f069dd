// The brake on guessing staff passwords. A hard lock after five failures let anyone lock any
// staff member out; instead each failure past a free allowance makes the next attempt wait, the
// wait doubling up to a cap, and failures are forgotten one at a time as time passes (a leaky
// bucket). The count is kept three ways, in rows of SignInThrottle so every instance shares it:
//   - per account and source address: 5 free, waits from 1 s to 15 min, one failure forgotten
//     every 15 min. Stops one guesser, and leaves the account's owner at another address alone;
//   - per source address, any account: 30 free, waits to 15 min, one forgotten a minute. Stops
//     one address trying a common password on many accounts, while an office behind one NAT
//     address has room for its people's typos (a success gives its attempt back);
//   - per account, any address: 10 free, waits from 1 s to only 60 s, one forgotten a minute.
//     Bounds guessing spread over many addresses to about one guess a minute, while the worst a
//     lockout attempt can do to the owner is make them wait a minute.
// Accounts are keyed by a hash of the email, known or not, so an unknown email meets the same
// brake as a real one and the table holds no addresses of people who never had an account.
// Each attempt is counted before its password is checked (one conditional UPDATE per row), so a
// burst of simultaneous guesses is bounded like guesses over time.
import { createHash } from "node:crypto";
import type { Db } from "../db";
import { isUniqueViolation } from "../prisma-errors";

/** `forgetMs`: one failure is forgotten per this much time. */
type Brake = { free: number; capMs: number; forgetMs: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
export const PAIR_BRAKE: Brake = { free: 5, capMs: 15 * MINUTE, forgetMs: 15 * MINUTE };
export const ADDRESS_BRAKE: Brake = { free: 30, capMs: 15 * MINUTE, forgetMs: MINUTE };
export const ACCOUNT_BRAKE: Brake = { free: 10, capMs: MINUTE, forgetMs: MINUTE };
/** Rows untouched this long are dropped by `purge` (every count has leaked away by then). */
const PURGE_AFTER_MS = 24 * 60 * MINUTE;
/** Reservation rounds lost to simultaneous attempts before this one is refused for a second. */
const MAX_ROUNDS = 8;

/** `waitMs`: the longest wait this attempt imposes on the next one, should it fail. */
export type Reservation = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

export function accountKey(email: string): string {
  return `account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}`;
}

function brakesFor(email: string, address: string | null): { key: string; brake: Brake }[] {
  const account = accountKey(email);
  return [
    ...(address
      ? [
          { key: `${account}|${address}`, brake: PAIR_BRAKE },
          { key: `address:${address}`, brake: ADDRESS_BRAKE },
        ]
      : []),
    { key: account, brake: ACCOUNT_BRAKE },
  ];
}

/**
 * When the next attempt may come. No wait is recorded as the epoch rather than `now`, so an
 * instance whose clock runs a little behind another's is not refused by a wait nobody imposed.
 */
function blockedUntil(now: Date, waitMs: number): Date {
  return new Date(waitMs > 0 ? now.getTime() + waitMs : 0);
}

/** The wait imposed after the nth failure in a row. */
export function waitAfter(failures: number, brake: Brake): number {
  return failures < brake.free ? 0 : Math.min(SECOND * 2 ** (failures - brake.free), brake.capMs);
}

/**
 * Counts this attempt as a failure in every brake (a success takes it back with
 * `signInSucceeded`) and says whether it may go ahead, or how long to wait.
 */
export async function reserveSignInAttempt(
  db: Db,
  email: string,
  address: string | null,
  now: Date = new Date(),
): Promise<Reservation> {
  const brakes = brakesFor(email, address);
  // An attempt refused by any brake checks no password, so it counts against none: look first.
  // (One that slips between this look and its reservation is counted where it got to: rare,
  // and on the cautious side.)
  const rows = await db.signInThrottle.findMany({ where: { key: { in: brakes.map((b) => b.key) } } });
  const waits = rows
    .filter((row) => row.blockedUntil > now)
    .map((row) => row.blockedUntil.getTime() - now.getTime());
  if (waits.length > 0) return { ok: false, retryAfterMs: Math.max(...waits) };
  let waitMs = 0;
  for (const { key, brake } of brakes) {
    const result = await reserve(db, key, brake, now);
    if (!result.ok) return result;
    waitMs = Math.max(waitMs, result.waitMs);
  }
  return { ok: true, waitMs };
}

async function reserve(db: Db, key: string, brake: Brake, now: Date): Promise<Reservation> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.signInThrottle.findUnique({ where: { key } });
    if (!row) {
      try {
        const waitMs = waitAfter(1, brake);
        await db.signInThrottle.create({
          data: { key, failures: 1, blockedUntil: blockedUntil(now, waitMs), updatedAt: now },
        });
        return { ok: true, waitMs };
      } catch (error) {
        if (isUniqueViolation(error)) continue; // a simultaneous attempt created it: count on it
        throw error;
      }
    }
    if (row.blockedUntil > now)
      return { ok: false, retryAfterMs: row.blockedUntil.getTime() - now.getTime() };
    const failures = remembered(row, brake, now) + 1;
    // Only the attempt that still sees the count it read wins; the others read again.
    const waitMs = waitAfter(failures, brake);
    const won = await db.signInThrottle.updateMany({
      where: { key, failures: row.failures, blockedUntil: { lte: now } },
      data: { failures, blockedUntil: blockedUntil(now, waitMs), updatedAt: now },
    });
    if (won.count === 1) return { ok: true, waitMs };
  }
  return { ok: false, retryAfterMs: SECOND };
}

/** The failures a row still counts, after those forgotten since it was last written. */
function remembered(row: { failures: number; updatedAt: Date }, brake: Brake, now: Date): number {
  const forgotten = Math.floor(Math.max(0, now.getTime() - row.updatedAt.getTime()) / brake.forgetMs);
  return Math.max(0, row.failures - forgotten);
}

/**
 * The password was right: the account's own brakes start again. The address's brake only gets
 * this attempt back (clearing it would let one account of an attacker's own wipe the count of
 * their guesses at everyone else's).
 */
export async function signInSucceeded(db: Db, email: string, address: string | null): Promise<void> {
  const account = accountKey(email);
  await db.signInThrottle.deleteMany({
    where: { key: { in: address ? [account, `${account}|${address}`] : [account] } },
  });
  await giveBackAddressAttempt(db, address);
}

/**
 * The attempt turned out not to be a guess at a password (it was right): the address's count
 * gets it back. Also used when the right password still lacks its one-time code, so an office
 * signing in with two-factor does not fill its own address's count.
 */
export async function giveBackAddressAttempt(db: Db, address: string | null): Promise<void> {
  if (!address) return;
  const key = `address:${address}`;
  await db.signInThrottle.updateMany({
    where: { key, failures: { gt: 0 } },
    data: { failures: { decrement: 1 } },
  });
  await db.signInThrottle.updateMany({
    where: { key, failures: { lt: ADDRESS_BRAKE.free } },
    data: { blockedUntil: new Date(0) },
  });
}

/** An admin's or operator's unlock: every brake on the account, from every address. */
export async function clearAccountBrakes(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: { startsWith: accountKey(email) } } });
}

export type AccountBrakeState = { failures: number; delayedUntil: Date | null };

/** What an admin's user list shows: the account-wide count and any wait it imposes now. */
export async function accountBrakeStates(
  db: Db,
  emails: string[],
  now: Date = new Date(),
): Promise<Map<string, AccountBrakeState>> {
  const keys = new Map(emails.map((email) => [accountKey(email), email]));
  const rows = await db.signInThrottle.findMany({ where: { key: { in: [...keys.keys()] } } });
  const states = new Map<string, AccountBrakeState>();
  for (const row of rows) {
    const email = keys.get(row.key);
    const failures = remembered(row, ACCOUNT_BRAKE, now);
    const delayedUntil = row.blockedUntil > now ? row.blockedUntil : null;
    if (email && (failures > 0 || delayedUntil)) states.set(email, { failures, delayedUntil });
  }
  return states;
}

/** Rows no brake needs any more (for `purge`). */
export async function purgeForgottenBrakes(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.signInThrottle.deleteMany({
    where: { updatedAt: { lte: new Date(now.getTime() - PURGE_AFTER_MS) }, blockedUntil: { lte: now } },
  });
  return count;
}
