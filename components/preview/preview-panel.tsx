"use client";
// The price preview: line items, discount, tax, totals and the billing schedule, with a status
// that says whether the figures are current. Previous figures stay in place while an update is
// on its way (dimmed, aria-busy) so nothing jumps; the status line has a fixed width.
import type { ReactNode } from "react";
import type { PreviewResponse } from "@/server/domain/order-response-schemas";
import { formatDay } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { formatMoney } from "../format/money";
import { SkeletonBlock } from "../ui/skeleton";
import { TableHead } from "../ui/table-head";
import { ScrollRegion } from "../ui/table-wrap";

const PERIOD: Record<string, string> = { month: "/ month", year: "/ year", once: "one-off" };

export function PreviewPanel({
  title = "Price preview",
  preview,
  updating,
  failed,
  emptyHint,
  children,
}: {
  title?: string;
  preview: PreviewResponse | undefined;
  updating: boolean;
  failed?: string | null;
  emptyHint: string;
  children?: ReactNode;
}) {
  const settings = useLocaleSettings();
  const money = (minor: number) => (preview ? formatMoney(minor, preview.currency, settings.locale) : "");
  const problems = preview?.eligibility.problems ?? [];
  const state = updating ? "updating" : problems.length ? "problem" : preview ? "ready" : "idle";
  const statusText =
    state === "updating"
      ? "Updating…"
      : state === "problem"
        ? `${problems.length} problem${problems.length === 1 ? "" : "s"}`
        : state === "ready"
          ? "Up to date"
          : "Waiting for input";
  return (
    <aside className="panel preview-panel" aria-labelledby="preview-title">
      <div className="panel-title">
        <h2 id="preview-title">{title}</h2>
        <span className="preview-status" data-state={state} role="status" data-testid="preview-status">
          <span className="dot" aria-hidden="true" />
          {statusText}
        </span>
      </div>
      <div className="preview-body" aria-busy={updating} data-testid="preview-body">
        {!preview ? (
          updating ? (
            <div aria-hidden="true" className="stack">
              <SkeletonBlock height={18} />
              <SkeletonBlock height={18} />
              <SkeletonBlock height={28} width="60%" />
            </div>
          ) : (
            <p className="muted">{emptyHint}</p>
          )
        ) : (
          <>
            <ul className="preview-lines" aria-label="Line items">
              {preview.lineItems.map((line) => (
                <li key={`${line.offer.id}@${line.offer.version}:${line.periodStart ?? ""}`}>
                  <span>
                    {line.offer.name}
                    <span className="muted small">
                      {" "}
                      · {line.quantity} × {money(line.unitAmount)} {PERIOD[line.billingPeriod] ?? ""}
                    </span>
                  </span>
                  {/* The line before discount and credit (they are shown as totals below). */}
                  <span className="num">
                    {money(line.amountWithoutTax + line.discountAmount + line.creditAmount)}
                  </span>
                </li>
              ))}
              {preview.lineItems.length === 0 ? <li className="muted">No charges</li> : null}
            </ul>
            <dl className="totals">
              <dt>Subtotal</dt>
              <dd data-testid="preview-subtotal">{money(preview.subtotal)}</dd>
              <dt>Discount</dt>
              <dd data-testid="preview-discount">
                {preview.discountTotal ? `−${money(preview.discountTotal)}` : money(0)}
              </dd>
              {preview.creditTotal ? (
                <>
                  <dt>Credit for unused time</dt>
                  <dd>−{money(preview.creditTotal)}</dd>
                </>
              ) : null}
              <dt>Tax{preview.taxRateBps ? ` (${preview.taxRateBps / 100}%)` : ""}</dt>
              <dd data-testid="preview-tax">{money(preview.taxTotal)}</dd>
              <dt className="grand">Total due now</dt>
              <dd className="grand" data-testid="preview-total">
                {money(preview.total)}
              </dd>
            </dl>
            {preview.schedule.length ? (
              <details className="schedule-details" open>
                <summary>Billing schedule ({preview.schedule.length} invoices)</summary>
                <ScrollRegion className="schedule" label="Billing schedule">
                  <table className="data">
                    <TableHead
                      caption="Billing schedule"
                      columns={["Date", { label: "Amount", num: true }]}
                    />
                    <tbody>
                      {preview.schedule.map((entry) => (
                        <tr key={entry.date}>
                          <td>{formatDay(entry.date, settings)}</td>
                          <td className="num">{money(entry.amount)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </details>
            ) : null}
          </>
        )}
        {problems.length ? (
          <div className="alert warn" style={{ marginTop: 12 }} data-testid="preview-problems">
            <strong>This order cannot be submitted yet:</strong>
            <ul>
              {problems.map((p) => (
                <li key={`${p.code}-${p.path}`}>{p.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {failed ? (
          <p className="alert error" style={{ marginTop: 12 }}>
            {failed}
          </p>
        ) : null}
      </div>
      {children ? <div style={{ marginTop: 16 }}>{children}</div> : null}
    </aside>
  );
}
