import type { DbTypes } from "../../infra/db/client";
import type { Db } from "../../infra/db/db";
import { newRowId } from "../../infra/db/ids";
import { actorAudit, type PartnerScope } from "../auth/partner-scope";

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
  data?: DbTypes.InputJsonObject,
) {
  return {
    id: newRowId("aud"),
    partnerId: scope.partnerId,
    ...actorAudit(scope),
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    data,
  };
}

export async function recordAudit(
  db: Db,
  scope: PartnerScope,
  action: string,
  subject: AuditSubject,
  data?: DbTypes.InputJsonObject,
) {
  await db.auditEvent.create({ data: auditEventData(scope, action, subject, data) });
}
