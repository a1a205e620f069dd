import Link from "next/link";
import type { StaffSession } from "@/server/view-types";
import { SignOutButton } from "../auth/sign-out-button";
import { NavLink } from "./nav-link";

export function PortalHeader({ session }: { session: StaffSession }) {
  // With a step to complete (a new password, two-factor set-up) every other page sends the user
  // back to that step, so links to them would only mislead.
  const open = session.pending === null;
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand">
          {session.partner.name} · Orders
        </Link>
        {open ? (
          <nav aria-label="Main" className="mainnav">
            <NavLink href="/" exact>
              Dashboard
            </NavLink>
            <NavLink href="/orders">Orders</NavLink>
            <NavLink href="/subscriptions">Subscriptions</NavLink>
            <NavLink href="/renewals">Renewals</NavLink>
            <NavLink href="/customers">Customers</NavLink>
            {session.user.role === "admin" ? (
              <NavLink href="/settings/api-clients">API clients</NavLink>
            ) : null}
            {session.user.role === "admin" ? <NavLink href="/settings/webhooks">Webhooks</NavLink> : null}
            {session.user.role === "admin" ? <NavLink href="/settings/users">Users</NavLink> : null}
          </nav>
        ) : (
          <div className="mainnav" />
        )}
        <div className="usermenu">
          <span className="who">
            <strong>{session.user.name}</strong> <span className="role-pill">{session.user.role}</span>
          </span>
          {open ? (
            <Link href="/settings/password" className="button small">
              Account
            </Link>
          ) : null}
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
