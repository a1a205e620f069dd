"use client";
// On narrow screens the preview panel sits below the form; this bar keeps the live total in
// view while editing (sticky at the bottom of the form) and links to the full preview.
import type { PreviewResponse } from "@/server/domain/order-response-schemas";
import { useLocaleSettings } from "../format/locale-context";
import { formatMoney } from "../format/money";

export function PreviewSummaryBar({
  preview,
  updating,
}: {
  preview: PreviewResponse | undefined;
  updating: boolean;
}) {
  const { locale } = useLocaleSettings();
  const problems = preview?.eligibility.problems.length ?? 0;
  return (
    <div className="preview-bar">
      <span>
        <span className="muted small">Total </span>
        <strong className="num">
          {preview ? formatMoney(preview.total, preview.currency, locale) : "—"}
        </strong>
        <span className="muted small">
          {" "}
          ·{" "}
          {updating
            ? "updating…"
            : problems
              ? `${problems} problem${problems === 1 ? "" : "s"}`
              : "up to date"}
        </span>
      </span>
      <a href="#preview-title" className="button small">
        Review and submit
      </a>
    </div>
  );
}
