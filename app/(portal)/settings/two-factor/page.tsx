import type { Metadata } from "next";
import { AccountNav } from "@/components/account/account-nav";
import { TwoFactorSettings } from "@/components/account/two-factor-settings";
import { PageHeader } from "@/components/ui/page-header";
import { twoFactorStatus } from "@/server/features/users/own-two-factor";
import { db } from "@/server/infra/db/db";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const session = await requireStaff("/settings/two-factor");
  const status = await twoFactorStatus(db(), session.scope);
  const required = session.pending === "enrol_two_factor";
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="A code from an app on your phone, asked for after your password."
      />
      {session.pending ? null : <AccountNav />}
      {required ? (
        <p className="alert warn" role="status" style={{ maxWidth: 640, marginBottom: 16 }}>
          Your organisation requires two-factor sign-in. Set it up to continue.
        </p>
      ) : null}
      <TwoFactorSettings initial={status} account={session.user.email} completesPendingStep={required} />
    </>
  );
}
