// Credit in use against the partner's limit, one meter per currency (the limit applies to each
// currency on its own). No hooks, so the dashboard renders it on the server and the new-order
// form in the browser. The figures are also written out: a meter alone says nothing to a reader
// who cannot see it, and its colour alone must not carry the warning.
import { type CreditInUse, creditShare } from "@/server/domain/credit-in-use";
import { formatMoney } from "../format/money";

export function CreditMeters({
  credit,
  locale,
  only,
}: {
  credit: CreditInUse;
  locale: string;
  /** Show this currency alone (the order's), when it is known. */
  only?: string;
}) {
  const rows = only
    ? [credit.currencies.find((c) => c.currency === only) ?? { currency: only, inUse: 0 }]
    : credit.currencies;
  const limit = (currency: string) => formatMoney(credit.limit, currency, locale);
  return (
    <ul className="credit-meters">
      {rows.map(({ currency, inUse }) => {
        const share = creditShare(inUse, credit.limit);
        const id = `credit-${currency}`;
        return (
          <li key={currency} data-testid={id} data-in-use={inUse} data-limit={credit.limit}>
            <div className="credit-figures">
              <span id={`${id}-label`}>
                <strong className="num">{formatMoney(inUse, currency, locale)}</strong>{" "}
                <span className="muted">
                  of {limit(currency)} ({currency})
                </span>
              </span>
              <span className={share >= 100 ? "credit-share over" : "credit-share"}>
                {share >= 100 ? `${share}%, at or over the limit` : `${share}%`}
              </span>
            </div>
            <meter
              aria-labelledby={`${id}-label`}
              min={0}
              max={Math.max(credit.limit, 1)}
              low={Math.floor(credit.limit * 0.8)}
              high={Math.floor(credit.limit * 0.95)}
              optimum={0}
              value={Math.min(inUse, Math.max(credit.limit, 1))}
            />
          </li>
        );
      })}
    </ul>
  );
}
