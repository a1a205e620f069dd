"use client";
// Beside the price preview of an order: the credit in use in the order's currency and, when the
// previewed order would take it past the partner's limit, a warning before it is placed. The
// order can still be placed (the limit refuses only a single order above it; see
// server/domain/credit-in-use.ts). The figures are fetched once with the page and again after
// every order placed from this browser (useSubmitOrder invalidates them).
import { useQuery } from "@tanstack/react-query";
import { CREDIT_WINDOW_DAYS, type CreditInUse, creditOutlook } from "@/server/domain/credit-in-use";
import type { PreviewResponse } from "@/server/domain/order-response-schemas";
import { useLocaleSettings } from "../format/locale-context";
import { formatMoney } from "../format/money";
import { useTRPC } from "../providers/trpc";
import { CreditMeters } from "./credit-meters";

export function CreditNotice({
  initial,
  preview,
}: {
  /** As the page read it; null: the partner has no credit limit. */
  initial: CreditInUse | null;
  preview: PreviewResponse | undefined;
}) {
  const trpc = useTRPC();
  const { locale } = useLocaleSettings();
  const { data } = useQuery(
    trpc.orders.creditInUse.queryOptions(undefined, { initialData: initial, staleTime: 30_000 }),
  );
  const credit = data ?? null;
  if (!credit) return null;
  const outlook = preview ? creditOutlook(credit, preview.currency, preview.total) : null;
  const money = (minor: number) => (preview ? formatMoney(minor, preview.currency, locale) : "");
  return (
    <div className="stack" style={{ gap: 6, marginBottom: 12 }} data-testid="credit-notice">
      <div className="small muted">Credit in use, last {CREDIT_WINDOW_DAYS} days</div>
      <CreditMeters credit={credit} locale={locale} only={preview?.currency} />
      {outlook?.over ? (
        <p className="alert warn small" role="status" data-testid="credit-warning" style={{ margin: 0 }}>
          Placing this order takes credit in use to <strong>{money(outlook.after)}</strong>, above the limit
          of {money(outlook.limit)}.
        </p>
      ) : null}
    </div>
  );
}
