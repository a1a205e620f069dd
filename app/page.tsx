import Link from "next/link";

export default function HomePage() {
  return (
    <main>
      <h1>Partner Orders</h1>
      <section className="panel" aria-labelledby="welcome">
        <h2 id="welcome">Welcome</h2>
        <p>Build, price and submit orders for your customers, and follow their subscriptions.</p>
        <p className="muted">
          Machine clients: the REST API at <code>/partner/*</code> with OAuth 2.0 client credentials. Service health:{" "}
          <Link href="/api/health">/api/health</Link>.
        </p>
      </section>
    </main>
  );
}
