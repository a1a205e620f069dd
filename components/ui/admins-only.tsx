// What a staff member who is not an admin sees on an admin's settings page: who may do it, and
// whom to ask, instead of a bare refusal.
import Link from "next/link";

export function AdminsOnly({ what, partnerName }: { what: string; partnerName: string }) {
  return (
    <div className="panel empty" style={{ maxWidth: 560, margin: "32px auto" }}>
      <h1>Admins only</h1>
      <p>
        Only a partner admin can {what}. Ask an admin of {partnerName} if you need it done.
      </p>
      <Link className="button" href="/">
        Go to the dashboard
      </Link>
    </div>
  );
}
