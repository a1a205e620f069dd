import type { Metadata } from "next";
import { AdminsOnly } from "@/components/ui/admins-only";
import { PageHeader } from "@/components/ui/page-header";
import { StaffUsersManager } from "@/components/users/staff-users-manager";
import { listPartnerStaffUsers } from "@/server/features/users/partner-staff-users";
import { db } from "@/server/infra/db/db";
import { isAdmin, requireStaff } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const session = await requireStaff("/settings/users");
  if (!isAdmin(session)) {
    return <AdminsOnly what="manage users" partnerName={session.partner.name} />;
  }
  const staff = await listPartnerStaffUsers(db(), session.scope);
  return (
    <>
      <PageHeader
        title="Users"
        description={`The staff of ${session.partner.name} who sign in to this portal. New users are added by the portal's operator.`}
      />
      <StaffUsersManager
        initial={staff}
        self={{ id: session.user.id, twoFactor: session.user.twoFactor }}
        partnerName={session.partner.name}
      />
    </>
  );
}
