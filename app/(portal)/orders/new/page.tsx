import type { Metadata } from "next";
import { countryOptions } from "@/components/format/country-names";
import { requestLocale } from "@/components/format/request-locale";
import { NewOrderForm } from "@/components/orders/new-order/new-order-form";
import { CountryOptionsProvider } from "@/components/ui/country-options-context";
import { PageHeader } from "@/components/ui/page-header";
import { listOffers } from "@/server/features/catalog/list-offers";
import { creditInUse } from "@/server/features/dashboard/credit-in-use";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "New order" };

export default async function NewOrderPage() {
  const session = await requireStaff("/orders/new");
  // The catalogue comes with the page, so the offer picker is ready without a second round trip.
  const [offers, credit, { locale }] = await Promise.all([
    listOffers(db(), session.scope),
    creditInUse(db(), session.scope),
    requestLocale(),
  ]);
  return (
    <>
      <PageHeader
        title="New order"
        description="A new subscription for a new or existing customer. The price updates as you edit."
        crumbs={[{ href: "/orders", label: "Orders" }]}
      />
      <CountryOptionsProvider options={countryOptions(locale)}>
        <NewOrderForm
          offers={offers}
          partner={{
            defaultCurrency: session.partner.defaultCurrency,
            allowedCountries: session.partner.allowedCountries,
          }}
          credit={credit}
        />
      </CountryOptionsProvider>
    </>
  );
}
