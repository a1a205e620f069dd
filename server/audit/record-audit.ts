import { actorAudit, type PartnerScope } from "../auth/partner-scope";
import type { Db } from "../db";
import { newRowId } from "../ids";

export type AuditSubject = {
  type:
    | "order"
    | "subscription"
    | "customer"
    | "api_client"
    | "partner"
    | "staff_user"
    | "discount_code"
    | "webhook_endpoint";
  id: string;
};

/** Appends "who did what" inside the caller's transaction, so it commits or rolls back with it. */
export function auditEventData(
  scope: PartnerScope,
  action: string,
  subject: AuditSubject,
  data?: Record<string, unknown>,
) {
  return {
    id: newRowId("aud"),
    partnerId: scope.partnerId,
    ...actorAudit(scope),
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    data: data as never,
  };
}

export async function recordAudit(
  db: Db,
  scope: PartnerScope,
  action: string,
  subject: AuditSubject,
  data?: Record<string, unknown>,
) {
  await db.auditEvent.create({ data: auditEventData(scope, action, subject, data) });
}
