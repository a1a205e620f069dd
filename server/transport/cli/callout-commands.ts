// `partner callout`: sets up (or changes, or with --off removes) a partner's eligibility callout,
// the partner's own check called with every order (server/features/orders/partner-callout.ts). The
// signing secret is printed only when it is made.
import type { Operator } from "../../features/audit/operator-audit";
import { removePartnerCallout, setPartnerCallout } from "../../features/partners/partner-callout-settings";
import type { Db } from "../../infra/db/db";
import { type Flags, integer, list, oneOf, required } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";

export async function partnerCallout(db: Db, operator: Operator, flags: Flags, out: Output) {
  const partner = required(flags, "partner");
  if (flags.off) {
    const removed = await removePartnerCallout(db, operator, partner);
    out.result({ callout: removed }, `Partner ${partner} has no eligibility callout any more.`);
    return;
  }
  const statuses = list(typeof flags["reject-statuses"] === "string" ? flags["reject-statuses"] : undefined);
  const rejectStatuses = statuses?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new UsageError(`--reject-statuses: "${s}" is not an HTTP status`);
    return n;
  });
  const critical = oneOf(flags, "critical", ["true", "false"]);
  const callout = await setPartnerCallout(db, operator, {
    partner,
    url: required(flags, "url"),
    timeoutMs: integer(flags, "timeout-ms", "milliseconds"),
    ...(critical === undefined ? {} : { critical: critical === "true" }),
    ...(rejectStatuses ? { rejectStatuses } : {}),
    rotateSecret: flags["rotate-secret"] === true,
  });
  out.result(
    { callout },
    [
      `Partner ${callout.partner} checks each order at ${callout.url}`,
      `  timeout ${callout.timeoutMs} ms; ${callout.critical ? "critical: a failure or time-out rejects the order" : "not critical: a failure or time-out lets the order through"}`,
      `  answers ${callout.rejectStatuses.join(", ")} reject the order (PARTNER_CALLOUT_REJECTED)`,
      ...(callout.secret
        ? [
            `  signing secret: ${callout.secret}`,
            "Hand the secret to the partner now (it is not shown again): each call is signed with it per Standard Webhooks.",
          ]
        : []),
    ].join("\n"),
  );
}
