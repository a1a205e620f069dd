import Link from "next/link";

// Shown inside the portal when a page's object does not exist for this partner. Another
// partner's order gets exactly this page too: the portal never confirms it exists.
export default function PortalNotFound() {
  return (
    <div className="panel empty" style={{ maxWidth: 560, margin: "32px auto" }}>
      <h1>Not found</h1>
      <p>
        We could not find that order, subscription or customer in your organisation. Check the reference, or
        look it up from the lists.
      </p>
      <div className="button-row" style={{ justifyContent: "center" }}>
        <Link className="button primary" href="/orders">
          Search orders
        </Link>
        <Link className="button" href="/subscriptions">
          Subscriptions
        </Link>
        <Link className="button" href="/customers">
          Customers
        </Link>
      </div>
    </div>
  );
}
