"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";

/** What an error boundary shows: what happened in plain words, a retry, and a way out. */
export function ErrorView({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="panel empty" role="alert" style={{ maxWidth: 560, margin: "32px auto" }}>
      <h1 ref={heading} tabIndex={-1}>
        Something went wrong
      </h1>
      <p>
        This page could not be shown. Nothing you entered was lost on our side; trying again usually helps.
      </p>
      {error.digest ? <p className="muted small">Reference for support: {error.digest}</p> : null}
      <div className="button-row" style={{ justifyContent: "center" }}>
        <button className="button primary" type="button" onClick={reset}>
          Try again
        </button>
        <Link className="button" href="/">
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
