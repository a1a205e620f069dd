"use client";
// The partner's staff users for an admin: disable or enable, unlock, and change a role. Every
// action but enable ends the user's open sessions; the admin's own row has no actions.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PartnerStaffUser } from "@/server/users/partner-staff-users";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";
import { useTRPC } from "../providers/trpc";
import { ConfirmButton } from "../ui/confirm-button";
import { TableWrap } from "../ui/table-wrap";
import { useToast } from "../ui/toaster";

export function StaffUsersManager({ initial, selfId }: { initial: PartnerStaffUser[]; selfId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const locale = useLocaleSettings();
  const list = useQuery({ ...trpc.staffUsers.list.queryOptions(), initialData: initial });
  const done = (message: string) => ({
    onSuccess: (user: PartnerStaffUser) => {
      toast.success(`${user.name}: ${message}`);
      void queryClient.invalidateQueries({ queryKey: trpc.staffUsers.list.queryKey() });
    },
    onError: (error: { message: string }) => toast.error(error.message),
  });
  const disable = useMutation(
    trpc.staffUsers.disable.mutationOptions(done("disabled, signed out everywhere.")),
  );
  const enable = useMutation(trpc.staffUsers.enable.mutationOptions(done("enabled.")));
  const unlock = useMutation(trpc.staffUsers.unlock.mutationOptions(done("unlocked.")));
  const setRole = useMutation(
    trpc.staffUsers.setRole.mutationOptions(done("role changed; they sign in again.")),
  );
  const busy = disable.isPending || enable.isPending || unlock.isPending || setRole.isPending;

  return (
    <TableWrap label="Staff users">
      <table className="data">
        <caption className="visually-hidden">Staff users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((u) => (
            <tr key={u.id} data-testid={`user-${u.email}`}>
              <td>{u.name}</td>
              <td className="small">{u.email}</td>
              <td>{u.role}</td>
              <td className="small">{u.lastSignInAt ? formatDateTime(u.lastSignInAt, locale) : "Never"}</td>
              <td>
                {u.disabled ? (
                  <span className="badge danger">disabled</span>
                ) : u.locked ? (
                  <span className="badge warn">locked</span>
                ) : (
                  <span className="badge ok">active</span>
                )}
              </td>
              <td>
                {u.id === selfId ? (
                  <span className="muted small">you</span>
                ) : (
                  <div className="button-row">
                    {u.locked ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        onClick={() => unlock.mutate({ userId: u.id })}
                      >
                        Unlock
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
                    {u.disabled ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
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
  );
}
