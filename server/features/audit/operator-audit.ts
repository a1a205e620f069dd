import type { DbTypes } from "../../infra/db/client";
// Audit rows for what an operator does from the command line. An operator is not a partner's
// user or API client, so it is recorded as the `system` actor, with the operator's name.
import { newRowId } from "../../infra/db/ids";
import type { AuditSubject } from "./record-audit";

export type Operator = { name: string };

/** The operator running this process: PORTAL_OPERATOR, else the operating-system user. */
export function currentOperator(env: NodeJS.ProcessEnv, osUser: () => string): Operator {
  const named = env.PORTAL_OPERATOR?.trim();
  if (named) return { name: named.slice(0, 100) };
  try {
    return { name: osUser() || "unknown" };
  } catch {
    return { name: "unknown" };
  }
}

export function operatorAuditData(
  partnerId: string,
  operator: Operator,
  action: string,
  subject: AuditSubject,
  data?: DbTypes.InputJsonObject,
) {
  return {
    id: newRowId("aud"),
    partnerId,
    actorKind: "system" as const,
    actorId: `operator:${operator.name}`,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    data,
  };
}
