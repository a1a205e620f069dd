// Every page in this group needs a signed-in staff member (each page checks again for itself:
// a layout is not re-rendered on client-side navigation, so it cannot be the only gate).
import type { ReactNode } from "react";
import { LocaleProvider } from "@/components/format/locale-context";
import { requestLocale } from "@/components/format/request-locale";
import { PortalHeader } from "@/components/layout/portal-header";
import { PortalProviders } from "@/components/providers/portal-providers";
import { requireStaff } from "@/server/transport/session/session";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const [session, locale] = await Promise.all([requireStaff(), requestLocale()]);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <PortalHeader session={session} />
      <LocaleProvider value={locale}>
        <PortalProviders>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </PortalProviders>
      </LocaleProvider>
    </>
  );
}
