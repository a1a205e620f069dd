import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/server/auth/session";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  await requireStaff("/settings/password");
  return (
    <>
      <PageHeader title="Password" description="The password you sign in to the portal with." />
      <ChangePasswordForm />
    </>
  );
}
