"use client";
// A webhook endpoint's signing secret, shown this once (after registering the endpoint or
// rotating its secret): the server keeps it sealed and never shows it again.
import { type ReactNode, useEffect, useRef } from "react";
import { SecretBox } from "../ui/secret-box";

export function WebhookSecretReveal({
  url,
  secret,
  children,
  onDone,
}: {
  url: string;
  secret: string;
  /** What else to say (after a rotation: how long the previous secret keeps working). */
  children?: ReactNode;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="alert ok" aria-labelledby="webhook-secret-title" style={{ marginBottom: 16 }}>
      <h2 id="webhook-secret-title" ref={heading} tabIndex={-1}>
        Copy the signing secret now
      </h2>
      <p style={{ margin: "6px 0 10px" }}>
        Store it now in your receiver&apos;s secret store: this is the only time it is shown. Your receiver
        uses it to verify the <code>webhook-signature</code> header of every delivery; if it is lost, rotate
        it.
      </p>
      {children ? <div style={{ margin: "0 0 10px" }}>{children}</div> : null}
      <dl className="facts" style={{ marginBottom: 10 }}>
        <dt>Endpoint</dt>
        <dd className="mono">{url}</dd>
      </dl>
      <SecretBox secret={secret} label="Signing secret" testId="webhook-secret" onDone={onDone} />
    </section>
  );
}
