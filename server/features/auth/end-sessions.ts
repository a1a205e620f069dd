// Ends every open portal session of a staff user: sessions are signed cookies (JWTs) that cannot
// be recalled, so the session gate refuses any signed in before this moment (session.ts).
import "server-only";
import type { Db } from "../../infra/db/db";

export async function endStaffSessions(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.staffUser.updateMany({ where: { id: userId }, data: { sessionsValidFrom: now } });
}
