// Country names in the reader's language, sorted for that language. Computed on the server only
// and handed to the browser with the page: Node's and the browser's ICU data differ (Node says
// "Hong Kong SAR China" where Chromium says "Hong Kong"), so names computed on both sides made the
// server's HTML and the client's first render disagree (React hydration error #418).
import { ISO_COUNTRY_CODES } from "@/server/domain/countries";

export type CountryOption = { code: string; name: string };

const byLocale = new Map<string, readonly CountryOption[]>();

export function countryOptions(requested: string): readonly CountryOption[] {
  const names = new Intl.DisplayNames([requested], { type: "region" });
  // Keyed by the locale ICU resolved to, so the header's variety (private-use tags, any
  // region) cannot grow the cache past the few hundred locales ICU has.
  const locale = names.resolvedOptions().locale;
  let options = byLocale.get(locale);
  if (!options) {
    options = ISO_COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
      a.name.localeCompare(b.name, locale),
    );
    byLocale.set(locale, options);
  }
  return options;
}
