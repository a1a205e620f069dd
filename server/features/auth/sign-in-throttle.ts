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
//     Bounds guessing spread over many addresses to about one guess a minute. Someone who keeps
//     guessing wrong could keep it waiting for as long as they go on, so it does not apply at an
//     address the account signed in from successfully in the last 30 days (a "known address",
//     remembered on success): there the owner meets only the pair and address brakes, which
//     the guesser elsewhere cannot fill.
// Accounts are keyed by a hash of the email, known or not, so an unknown email meets the same
// brake as a real one and the table holds no addresses of people who never had an account.
// Each attempt is counted before its password is checked (one conditional UPDATE per row), so a
// burst of simultaneous guesses is bounded like guesses over time.
import { createHash } from "node:crypto";
import type { Db } from "../../infra/db/db";
import { isUniqueViolation } from "../../infra/db/prisma-errors";

/** `forgetMs`: one failure is forgotten per this much time. */
type Brake = { free: number; capMs: number; forgetMs: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
export const PAIR_BRAKE: Brake = { free: 5, capMs: 15 * MINUTE, forgetMs: 15 * MINUTE };
export const ADDRESS_BRAKE: Brake = { free: 30, capMs: 15 * MINUTE, forgetMs: MINUTE };
export const ACCOUNT_BRAKE: Brake = { free: 10, capMs: MINUTE, forgetMs: MINUTE };
/** Rows untouched this long are dropped by `purge` (every count has leaked away by then). */
const PURGE_AFTER_MS = 24 * 60 * MINUTE;
/** How long a successful sign-in makes its address a known one for the account. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE;
const KNOWN_PREFIX = "known:";
/**
 * Checks inside a session (the password before it is changed or two-factor is turned off, a
 * code before recovery codes are replaced): a stolen session must not become a free oracle.
 */
export const RECHECK_BRAKE: Brake = { free: 5, capMs: 15 * MINUTE, forgetMs: 15 * MINUTE };
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

function knownAddressKey(email: string, address: string): string {
  return `${KNOWN_PREFIX}${accountKey(email)}|${address}`;
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
  const known = address ? knownAddressKey(email, address) : null;
  const allBrakes = brakesFor(email, address);
  // An attempt refused by any brake checks no password, so it counts against none: look first.
  // (One that slips between this look and its reservation is counted where it got to: rare,
  // and on the cautious side.)
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: [...allBrakes.map((b) => b.key), ...(known ? [known] : [])] } },
  });
  const knownRow = rows.find((row) => row.key === known);
  const isKnownAddress = knownRow && now.getTime() - knownRow.updatedAt.getTime() < KNOWN_ADDRESS_MS;
  const brakes = isKnownAddress ? allBrakes.filter((b) => b.brake !== ACCOUNT_BRAKE) : allBrakes;
  const waits = rows
    .filter((row) => brakes.some((b) => b.key === row.key) && row.blockedUntil > now)
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
    // `updatedAt` too: as failures leak away, two different rows can hold the same count.
    const won = await db.signInThrottle.updateMany({
      where: { key, failures: row.failures, updatedAt: row.updatedAt, blockedUntil: { lte: now } },
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
 * The sign-in succeeded: the account's own brakes start again, and the address becomes a known
 * one for the account. The address's brake only gets this attempt back (clearing it would let
 * one account of an attacker's own wipe the count of their guesses at everyone else's).
 */
export async function signInSucceeded(
  db: Db,
  email: string,
  address: string | null,
  now: Date = new Date(),
): Promise<void> {
  const account = accountKey(email);
  await db.signInThrottle.deleteMany({
    where: { key: { in: address ? [account, `${account}|${address}`] : [account] } },
  });
  if (address) {
    const key = knownAddressKey(email, address);
    await db.signInThrottle.upsert({
      where: { key },
      create: { key, failures: 0, blockedUntil: new Date(0), updatedAt: now },
      update: { updatedAt: now },
    });
  }
  await giveBackAddressAttempt(db, address);
}

/**
 * Counts a check inside a session (see RECHECK_BRAKE) before it is made; `recheckSucceeded`
 * gives the count back.
 */
export function reserveRecheck(db: Db, email: string, now: Date = new Date()): Promise<Reservation> {
  return reserve(db, `recheck:${accountKey(email)}`, RECHECK_BRAKE, now);
}

export async function recheckSucceeded(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: `recheck:${accountKey(email)}` } });
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
  const account = accountKey(email);
  await db.signInThrottle.deleteMany({
    where: { OR: [{ key: { startsWith: account } }, { key: `recheck:${account}` }] },
  });
}

export type AccountBrakeState = { failures: number; delayedUntil: Date | null };

/**
 * What an admin's user list shows: the largest count among the account's brakes (account-wide
 * and per address, since at a known address only the latter counts) and the latest wait any of
 * them imposes now.
 */
export async function accountBrakeStates(
  db: Db,
  emails: string[],
  now: Date = new Date(),
): Promise<Map<string, AccountBrakeState>> {
  const keys = new Map(emails.map((email) => [accountKey(email), email]));
  if (keys.size === 0) return new Map();
  const rows = await db.signInThrottle.findMany({
    where: { OR: [...keys.keys()].map((key) => ({ key: { startsWith: key } })) },
  });
  const states = new Map<string, AccountBrakeState>();
  for (const row of rows) {
    const [key = "", address] = row.key.split("|");
    const email = keys.get(key);
    if (!email) continue;
    const failures = remembered(row, address === undefined ? ACCOUNT_BRAKE : PAIR_BRAKE, now);
    const delayedUntil = row.blockedUntil > now ? row.blockedUntil : null;
    if (failures === 0 && !delayedUntil) continue;
    const seen = states.get(email);
    states.set(email, {
      failures: Math.max(failures, seen?.failures ?? 0),
      delayedUntil: latest(delayedUntil, seen?.delayedUntil ?? null),
    });
  }
  return states;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

/** Rows no brake needs any more, and known addresses past their time (for `purge`). */
export async function purgeForgottenBrakes(db: Db, now: Date = new Date()): Promise<number> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const { count } = await db.signInThrottle.deleteMany({
    where: {
      OR: [
        {
          NOT: { key: { startsWith: KNOWN_PREFIX } },
          updatedAt: { lte: before(PURGE_AFTER_MS) },
          blockedUntil: { lte: now },
        },
        { key: { startsWith: KNOWN_PREFIX }, updatedAt: { lte: before(KNOWN_ADDRESS_MS) } },
      ],
    },
  });
  return count;
}
