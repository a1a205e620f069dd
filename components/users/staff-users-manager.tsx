"use client";
// The partner's staff users for an admin: disable or enable, lift the sign-in delay, reset a
// password or two-factor sign-in, change a role, and require two-factor sign-in of everyone.
// Every action on a user but enable and lifting the delay ends the user's open sessions; the
// admin's own row has no actions.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PartnerStaffUser, PartnerStaffUsers } from "@/server/view-types";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { useTRPC } from "../providers/trpc";
import { ConfirmButton } from "../ui/confirm-button";
import { type Column, TableHead } from "../ui/table-head";
import { TableWrap } from "../ui/table-wrap";
import { useToast } from "../ui/toaster";
import { StatusBadges } from "./staff-status-badges";
import { type Revealed, TemporaryPassword } from "./temporary-password";
import { TwoFactorRequirement } from "./two-factor-requirement";

type StaffUsers = PartnerStaffUsers;

const COLUMNS: Column[] = [
  "Name",
  "Email",
  "Role",
  "Last sign-in",
  "Status",
  { label: "Actions", visuallyHidden: true },
];

export function StaffUsersManager({
  initial,
  self,
  partnerName,
}: {
  initial: StaffUsers;
  self: { id: string; twoFactor: boolean };
  partnerName: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const locale = useLocaleSettings();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const list = useQuery({ ...trpc.staffUsers.list.queryOptions(), initialData: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staffUsers.list.queryKey() });
  const onError = (error: { message: string }) => toast.error(error.message);
  const done = (message: string) => ({
    onSuccess: (user: PartnerStaffUser) => {
      toast.success(`${user.name}: ${message}`);
      void refresh();
    },
    onError,
  });
  const disable = useMutation(
    trpc.staffUsers.disable.mutationOptions(done("disabled, signed out everywhere.")),
  );
  const enable = useMutation(trpc.staffUsers.enable.mutationOptions(done("enabled.")));
  const unlock = useMutation(trpc.staffUsers.unlock.mutationOptions(done("sign-in delay lifted.")));
  const setRole = useMutation(
    trpc.staffUsers.setRole.mutationOptions(done("role changed; they sign in again.")),
  );
  const resetTwoFactor = useMutation(
    trpc.staffUsers.resetTwoFactor.mutationOptions(
      done("two-factor sign-in reset; they sign in with their password and set it up again."),
    ),
  );
  const resetPassword = useMutation(
    trpc.staffUsers.resetPassword.mutationOptions({
      onSuccess: ({ user, temporaryPassword }) => {
        setRevealed({ name: user.name, password: temporaryPassword });
        void refresh();
      },
      onError,
    }),
  );
  const busy = [disable, enable, unlock, setRole, resetTwoFactor, resetPassword].some((m) => m.isPending);

  return (
    <div className="stack">
      <TwoFactorRequirement
        required={list.data.requireTwoFactor}
        selfHasTwoFactor={self.twoFactor}
        partnerName={partnerName}
        onChanged={refresh}
      />
      {revealed ? <TemporaryPassword {...revealed} onDone={() => setRevealed(null)} /> : null}
      <TableWrap label="Staff users">
        <table className="data">
          <TableHead caption="Staff users" columns={COLUMNS} />
          <tbody>
            {list.data.users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.name}</td>
                <td className="small">{u.email}</td>
                <td>{u.role}</td>
                <td className="small">{u.lastSignInAt ? formatDateTime(u.lastSignInAt, locale) : "Never"}</td>
                <td>
                  <StatusBadges user={u} />
                </td>
                <td>
                  {u.id === self.id ? (
                    <span className="muted small">you</span>
                  ) : (
                    <div className="button-row">
                      {u.failedSignIns > 0 || u.signInDelayedUntil ? (
                        <button
                          type="button"
                          className="button small"
                          disabled={busy}
                          aria-label={`Lift sign-in delay: ${u.name}`}
                          onClick={() => unlock.mutate({ userId: u.id })}
                        >
                          Lift sign-in delay
                        </button>
                      ) : null}
                      <ConfirmButton
                        label={u.role === "admin" ? "Make staff" : "Make admin"}
                        accessibleLabel={`Change role: ${u.name}`}
                        title={`Make ${u.name} ${u.role === "admin" ? "staff" : "an admin"}?`}
                        confirmLabel="Change role"
                        disabled={busy}
                        onConfirm={() =>
                          setRole.mutate({ userId: u.id, role: u.role === "admin" ? "staff" : "admin" })
                        }
                      >
                        {u.name} is signed out and has the new role from their next sign-in.
                      </ConfirmButton>
                      <ConfirmButton
                        label="Reset password"
                        accessibleLabel={`Reset password: ${u.name}`}
                        title={`Reset the password of ${u.name}?`}
                        confirmLabel="Reset password"
                        disabled={busy}
                        onConfirm={() => resetPassword.mutate({ userId: u.id })}
                      >
                        Their password stops working and they are signed out everywhere. You get a temporary
                        password to give them; with it they sign in once and choose their own.
                      </ConfirmButton>
                      {u.twoFactor ? (
                        <ConfirmButton
                          label="Reset two-factor"
                          accessibleLabel={`Reset two-factor: ${u.name}`}
                          title={`Reset two-factor sign-in of ${u.name}?`}
                          confirmLabel="Reset two-factor"
                          danger
                          disabled={busy}
                          onConfirm={() => resetTwoFactor.mutate({ userId: u.id })}
                        >
                          For someone who lost their phone: make sure it is really them asking. They are
                          signed out, sign in with their password alone and set two-factor sign-in up again.
                        </ConfirmButton>
                      ) : null}
                      {u.disabled ? (
                        <button
                          type="button"
                          className="button small"
                          disabled={busy}
                          aria-label={`Enable: ${u.name}`}
                          onClick={() => enable.mutate({ userId: u.id })}
                        >
                          Enable
                        </button>
                      ) : (
                        <ConfirmButton
                          label="Disable"
                          accessibleLabel={`Disable: ${u.name}`}
                          title={`Disable ${u.name}?`}
                          confirmLabel="Disable"
                          danger
                          disabled={busy}
                          onConfirm={() => disable.mutate({ userId: u.id })}
                        >
                          {u.name} is signed out everywhere at once and cannot sign in until enabled again.
                        </ConfirmButton>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
