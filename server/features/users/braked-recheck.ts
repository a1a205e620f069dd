// A password or code asked again inside a session goes through the recheck brake
// (auth/sign-in-throttle.ts, RECHECK_BRAKE): each check is counted before it is made, and only a
// right answer gives the count back. So a session left open, or stolen, cannot be used to guess
// the password or the two-factor code at full speed.
import "server-only";
import { DomainError } from "../../domain/domain-error";
import type { Db } from "../../infra/db/db";
import { recheckSucceeded, reserveRecheck } from "../auth/sign-in-throttle";

function inWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Counts the check about to be made, or refuses it while an earlier run of wrong answers waits. */
export async function countRecheck(db: Db, email: string, now: Date): Promise<void> {
  const reservation = await reserveRecheck(db, email, now);
  if (!reservation.ok)
    throw new DomainError(
      "RATE_LIMITED",
      `Too many wrong attempts. For your security, try again in ${inWords(reservation.retryAfterMs)}.`,
    );
}

/** The answer was right: earlier wrong ones no longer count. */
export function recheckPassed(db: Db, email: string): Promise<void> {
  return recheckSucceeded(db, email);
}
