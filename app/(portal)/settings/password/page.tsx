import type { Metadata } from "next";
import { AccountNav } from "@/components/account/account-nav";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  const session = await requireStaff("/settings/password");
  return (
    <>
      <PageHeader title="Password" description="The password you sign in to the portal with." />
      {session.pending ? null : <AccountNav />}
      {session.pending === "change_password" ? (
        <p className="alert warn" role="status" style={{ maxWidth: 480, marginBottom: 16 }}>
          Your password was reset by an admin. Choose a new password to continue. Your current password is the
          temporary one you signed in with.
        </p>
      ) : null}
      <ChangePasswordForm />
    </>
  );
}
