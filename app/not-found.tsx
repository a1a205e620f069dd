import Link from "next/link";

export default function NotFound() {
  return (
    <main>
      <div className="panel empty" style={{ maxWidth: 560, margin: "48px auto" }}>
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have been mistyped, or the link is out of date.</p>
        <div className="button-row" style={{ justifyContent: "center" }}>
          <Link className="button primary" href="/">
            Go to the dashboard
          </Link>
          <Link className="button" href="/orders">
            Orders
          </Link>
        </div>
      </div>
    </main>
  );
}
