// Amounts are integer minor units; they are shown with Intl.NumberFormat in the order's
// currency. The decimal string is built exactly from the integer (never amount / 100 as a float)
// and handed to Intl as a string, which formats it without going through a binary float.
import { formatMinorUnits, minorUnitExponent } from "@/server/domain/money";

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = minorUnitExponent(currency);
    formatter = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatterFor(locale, currency).format(
    formatMinorUnits(minor, currency) as Intl.StringNumericLiteral,
  );
}
