// The tRPC context: the database and the staff session of the request (or null). The session
// comes from the session gate; tests build the context directly with their own database.
import "server-only";
import { type Db, db } from "../../infra/db/db";
import { getStaffSession, type StaffSession } from "../session/session";

export type TrpcContext = { db: Db; session: StaffSession | null };

export async function createTrpcContext(): Promise<TrpcContext> {
  return { db: db(), session: await getStaffSession() };
}
