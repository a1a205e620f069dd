// `discount create | list | disable`.
import type { Operator } from "../../features/audit/operator-audit";
import {
  createDiscountCode,
  disableDiscountCode,
  listDiscountCodes,
} from "../../features/discounts/manage-discount-codes";
import type { Db } from "../../infra/db/db";
import { type Flags, integer, optional, required } from "./cli-flags";
import { type Output, UsageError } from "./cli-io";
import { stripeCatalogueFromEnv } from "./stripe-commands";

type DiscountRow = Awaited<ReturnType<typeof listDiscountCodes>>[number];

function asJson(code: DiscountRow, now = new Date()) {
  const expired = code.expiresAt !== null && code.expiresAt <= now;
  const usedUp = code.maxRedemptions !== null && code.timesRedeemed >= code.maxRedemptions;
  return {
    code: code.code,
    partner: code.partner?.slug ?? null,
    kind: code.kind,
    percent_off: code.percentOff,
    amount_off: code.amountOff,
    currency: code.currency,
    duration_periods: code.durationPeriods,
    expires_at: code.expiresAt?.toISOString() ?? null,
    max_redemptions: code.maxRedemptions,
    times_redeemed: code.timesRedeemed,
    state: !code.active ? "disabled" : expired ? "expired" : usedUp ? "used up" : "active",
    created_at: code.createdAt.toISOString(),
  };
}

function line(code: ReturnType<typeof asJson>): string {
  const off =
    code.kind === "percent" ? `${code.percent_off}% off` : `${code.amount_off} ${code.currency} off`;
  const uses = `${code.times_redeemed}/${code.max_redemptions ?? "∞"} used`;
  const periods =
    code.duration_periods === null
      ? "every period"
      : `${code.duration_periods} period${code.duration_periods === 1 ? "" : "s"}`;
  return `${code.code.padEnd(16)} ${off.padEnd(16)} ${periods.padEnd(13)} ${uses.padEnd(12)} ${(code.partner ?? "all partners").padEnd(16)} ${code.state}${code.expires_at ? `  expires ${code.expires_at}` : ""}`;
}

export async function discountCreate(db: Db, operator: Operator, flags: Flags, out: Output) {
  const partner = optional(flags, "partner");
  if ((partner === undefined) === (flags["all-partners"] !== true))
    throw new UsageError(
      "name the partner with --partner <slug>, or use --all-partners for a code every partner may use",
    );
  const created = await createDiscountCode(
    db,
    operator,
    {
      code: required(flags, "code"),
      partner: partner ?? null,
      percentOff: integer(flags, "percent", "a whole percent from 1 to 100"),
      amountOff: integer(flags, "amount", "a whole number of minor units"),
      currency: optional(flags, "currency"),
      durationPeriods: integer(flags, "duration-periods") ?? null,
      expiresAt: endOfDay(optional(flags, "expires")),
      maxRedemptions: integer(flags, "max-redemptions") ?? null,
    },
    { stripe: stripeCatalogueFromEnv() },
  );
  const code = asJson(created);
  const { stripe } = created;
  // The code exists whatever Stripe did; `catalog sync-stripe` makes its coupons later.
  const stripeText = !stripe
    ? ""
    : stripe.failure
      ? `\nNot synced to Stripe: ${stripe.failure}\nOrders billed through Stripe refuse the code until \`catalog sync-stripe\` syncs it.`
      : `\n  Stripe coupon: ${stripe.coupons?.monthly === stripe.coupons?.yearly ? stripe.coupons?.monthly : `${stripe.coupons?.monthly} (monthly), ${stripe.coupons?.yearly} (yearly)`}`;
  if (stripe?.failure) out.info("warning: the code is created, but not synced to Stripe");
  out.result(
    { discount: code, ...(stripe ? { stripe } : {}) },
    `Created discount code\n  ${line(code)}${stripeText}`,
  );
}

export async function discountList(db: Db, flags: Flags, out: Output) {
  const codes = (await listDiscountCodes(db, optional(flags, "partner"))).map((code) => asJson(code));
  out.result({ discounts: codes }, codes.length ? codes.map(line).join("\n") : "No discount codes.");
}

export async function discountDisable(db: Db, operator: Operator, flags: Flags, out: Output) {
  const { alreadyDisabled, ...row } = await disableDiscountCode(db, operator, required(flags, "code"));
  const code = asJson(row);
  out.result(
    { discount: code, already_disabled: alreadyDisabled },
    alreadyDisabled
      ? `${code.code} was already disabled`
      : `Disabled ${code.code}; new orders can no longer use it`,
  );
}

/** `--expires 2027-06-30` means the code works through that whole day (UTC). */
function endOfDay(value: string | undefined): string | null {
  if (value === undefined) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T23:59:59.999Z` : value;
}
