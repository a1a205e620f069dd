"use client";
// What the users list says about each account: active or disabled, failed sign-ins or a wait in
// force, two-factor sign-in, and a password that must be changed.
import type { PartnerStaffUser } from "@/server/view-types";
import { formatDateTime } from "../format/dates";
import { useLocaleSettings } from "../format/locale-context";

export function StatusBadges({ user }: { user: PartnerStaffUser }) {
  const locale = useLocaleSettings();
  const failed = user.failedSignIns;
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }}>
      {user.disabled ? (
        <span className="badge danger">Disabled</span>
      ) : (
        <span className="badge ok">Active</span>
      )}
      {/* The list says so only while the delay lasts; it is read again after every action. */}
      {user.signInDelayedUntil ? (
        <span
          className="badge warn"
          title={`Sign-in attempts wait until ${formatDateTime(user.signInDelayedUntil, locale)}`}
        >
          Sign-in delayed
        </span>
      ) : failed > 0 ? (
        <span className="badge warn">
          {failed} failed sign-in{failed === 1 ? "" : "s"}
        </span>
      ) : null}
      {user.twoFactor ? <span className="badge info">Two-factor</span> : null}
      {user.mustChangePassword ? <span className="badge warn">Must change password</span> : null}
    </div>
  );
}
