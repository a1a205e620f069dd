import type { DbTypes } from "../../infra/db/client";
// Who did something, for the audit trail: a partner's own user or API client (known by their
// scope), or an operator at the command line. An operation that both the portal and the CLI
// offer takes one of these, so it is implemented and audited once.
import type { PartnerScope } from "../auth/partner-scope";
import { type Operator, operatorAuditData } from "./operator-audit";
import { type AuditSubject, auditEventData } from "./record-audit";

export type AuditActor = { kind: "scope"; scope: PartnerScope } | { kind: "operator"; operator: Operator };

export const byScope = (scope: PartnerScope): AuditActor => ({ kind: "scope", scope });
export const byOperator = (operator: Operator): AuditActor => ({ kind: "operator", operator });

/** The audit row of an action on `partnerId`'s object (a scope's own partner, always). */
export function auditRowFor(
  actor: AuditActor,
  partnerId: string,
  action: string,
  subject: AuditSubject,
  data?: DbTypes.InputJsonObject,
) {
  return actor.kind === "scope"
    ? auditEventData(actor.scope, action, subject, data)
    : operatorAuditData(partnerId, actor.operator, action, subject, data);
}
