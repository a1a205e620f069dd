// `webhook create | list | delete | rotate-secret`: a partner's webhook endpoints, managed by an
// operator through the same use cases as the REST API and the portal
// (server/features/webhooks/webhook-endpoint-service.ts). A signing secret is printed only by create and
// rotate-secret, the only times it exists outside its sealed form.

import { WEBHOOK_EVENT_TYPES, type WebhookEndpointView } from "../../domain/webhook-schemas";
import type { Operator } from "../../features/audit/operator-audit";
import { findPartnerBySlug } from "../../features/partners/create-partner";
import {
  listWebhookEndpoints,
  registerWebhookEndpoint,
  removeWebhookEndpoint,
  rotateWebhookSecret,
} from "../../features/webhooks/webhook-endpoint-service";
import type { Db } from "../../infra/db/db";
import { type Flags, list, optional, required } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";

/** The partner named by --partner, and the operator acting on its endpoints (audited as such). */
async function operatorOn(db: Db, operator: Operator, flags: Flags) {
  const partner = await findPartnerBySlug(db, required(flags, "partner"));
  return { partner, manager: { partnerId: partner.id, operator } };
}

/** --events as typed, each name checked here so a wrong one is named with the valid ones. */
function events(flags: Flags): string[] {
  const names = list(required(flags, "events")) ?? [];
  if (names.length === 0) throw new UsageError("--events must name at least one event");
  const unknown = names.filter((name) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--events: unknown event${unknown.length === 1 ? "" : "s"} ${unknown.map((n) => `"${n}"`).join(", ")}; valid events are ${WEBHOOK_EVENT_TYPES.join(", ")}`,
    );
  return names;
}

function line(endpoint: WebhookEndpointView): string {
  const state = endpoint.enabled
    ? "enabled"
    : `disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ""}`;
  return [
    `${endpoint.id}  ${state}  ${endpoint.url}`,
    `    events: ${endpoint.events.join(", ")}${endpoint.description ? `; ${endpoint.description}` : ""}`,
  ].join("\n");
}

export async function webhookCreate(db: Db, operator: Operator, flags: Flags, out: Output) {
  const { partner, manager } = await operatorOn(db, operator, flags);
  const description = optional(flags, "description");
  const created = await registerWebhookEndpoint(db, manager, {
    url: required(flags, "url"),
    events: events(flags),
    ...(description === undefined ? {} : { description }),
  });
  out.result(
    { id: created.id, url: created.url, events: created.events, secret: created.secret },
    [
      `Created webhook endpoint ${created.id} for partner ${partner.slug}`,
      `  url:    ${created.url}`,
      `  events: ${created.events.join(", ")}`,
      `  secret: ${created.secret}`,
      "The secret is shown only now; store it safely (rotate-secret makes a new one).",
    ].join("\n"),
  );
}

export async function webhookList(db: Db, operator: Operator, flags: Flags, out: Output) {
  const { partner, manager } = await operatorOn(db, operator, flags);
  const { items } = await listWebhookEndpoints(db, manager);
  const webhooks = items.map((e) => ({
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
  }));
  out.result(
    { partner: partner.slug, webhooks },
    items.length ? items.map(line).join("\n") : `No webhook endpoints for partner ${partner.slug}.`,
  );
}

export async function webhookDelete(db: Db, operator: Operator, flags: Flags, out: Output) {
  const { manager } = await operatorOn(db, operator, flags);
  const result = await removeWebhookEndpoint(db, manager, required(flags, "id"));
  out.result(
    result,
    `Deleted webhook endpoint ${result.id} with its delivery log; deliveries not yet sent are dropped`,
  );
}

export async function webhookRotateSecret(db: Db, operator: Operator, flags: Flags, out: Output) {
  const { manager } = await operatorOn(db, operator, flags);
  const rotated = await rotateWebhookSecret(db, manager, required(flags, "id"));
  out.result(
    { id: rotated.id, secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt },
    [
      `New signing secret for webhook endpoint ${rotated.id}`,
      `  secret: ${rotated.secret}`,
      "The secret is shown only now; store it safely.",
      `The old secret keeps signing deliveries too for 24 hours (until ${rotated.previousSecretExpiresAt}), so the receiver can switch over.`,
    ].join("\n"),
  );
}
