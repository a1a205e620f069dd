// The renewals list: when, what happens, to which subscription and customer, for how much, and
// the link to act. Renewing and cancelling happen on the subscription's page, which previews the
// order before it is placed (subscription-actions.tsx), so this table only links there.
import Link from "next/link";
import { RENEWAL_KIND_LABELS, type RenewalKind, type RenewalView } from "@/server/domain/renewals";
import { formatDate, type LocaleSettings } from "../format/dates";
import { formatMoney } from "../format/money";
import { TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";

const TONES: Record<RenewalKind, string> = { renews: "ok", ends: "warn", cancels: "danger" };
const PER: Record<"month" | "year", string> = { month: "per month", year: "per year" };
const HINTS: Record<RenewalKind, string> = {
  renews: "Renewed by the billing provider",
  ends: "Expires unless renewed",
  cancels: "Cancellation scheduled",
};
const ACTIONS: Record<RenewalKind, string> = {
  renews: "Review",
  ends: "Renew or cancel",
  cancels: "Review",
};

export function RenewalKindBadge({ kind }: { kind: RenewalKind }) {
  return <span className={`badge ${TONES[kind]}`}>{RENEWAL_KIND_LABELS[kind].toLowerCase()}</span>;
}

export function RenewalAmounts({ renewal, locale }: { renewal: RenewalView; locale: LocaleSettings }) {
  if (renewal.amounts.length === 0) return <>—</>;
  return (
    <>
      {renewal.amounts.map((a) => (
        <div key={a.period}>
          {formatMoney(a.amount, renewal.currency, locale.locale)}{" "}
          <span className="muted small">{PER[a.period]}</span>
        </div>
      ))}
    </>
  );
}

export function RenewalsTable({
  renewals,
  locale,
  caption,
  compact = false,
}: {
  renewals: RenewalView[];
  locale: LocaleSettings;
  caption: string;
  /** The dashboard's panel: fewer columns. */
  compact?: boolean;
}) {
  return (
    <TableWrap label={caption}>
      <table className="data stack-on-mobile">
        <TableHead
          caption={caption}
          columns={[
            "Date",
            "What happens",
            "Subscription",
            "Customer",
            !compact && "Offers",
            { label: "Amount", num: true },
            { label: "Actions", visuallyHidden: true },
          ]}
        />
        <tbody>
          {renewals.map((r) => (
            <tr key={r.reference} data-testid="renewal-row">
              <td data-label="Date">{formatDate(r.at, locale)}</td>
              <td data-label="What happens">
                <RenewalKindBadge kind={r.kind} />
                {!compact ? <div className="muted small">{HINTS[r.kind]}</div> : null}
              </td>
              <td data-label="Subscription">
                <Link className="mono" href={`/subscriptions/${r.reference}`}>
                  {r.reference}
                </Link>
              </td>
              <td data-label="Customer">
                <Link href={`/customers/${r.customer.owner}`}>{r.customer.name}</Link>
                <div className="muted small">{r.customer.email}</div>
              </td>
              {!compact ? (
                <td data-label="Offers">
                  {r.offers.length === 0
                    ? "—"
                    : r.offers.map((o) => (
                        <div key={o.id}>
                          {o.name} <span className="muted small">× {o.quantity}</span>
                        </div>
                      ))}
                </td>
              ) : null}
              <td data-label="Amount" className="num">
                <RenewalAmounts renewal={r} locale={locale} />
              </td>
              <td data-label="Actions">
                <Link
                  className="button small"
                  href={`/subscriptions/${r.reference}`}
                  aria-label={`${ACTIONS[r.kind]} ${r.reference}`}
                >
                  {ACTIONS[r.kind]}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
