"use client";
// A new client secret, shown this once: the server keeps only its hash.
import { useEffect, useRef } from "react";
import { SecretBox } from "../ui/secret-box";

export function SecretReveal({
  clientId,
  secret,
  onDone,
}: {
  clientId: string;
  secret: string;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="alert ok" aria-labelledby="secret-title" style={{ marginBottom: 16 }}>
      <h2 id="secret-title" ref={heading} tabIndex={-1}>
        Copy the secret now
      </h2>
      <p style={{ margin: "6px 0 10px" }}>
        This is the only time it is shown. Store it in your system&apos;s secret store; if it is lost, rotate
        it.
      </p>
      <dl className="facts" style={{ marginBottom: 10 }}>
        <dt>Client id</dt>
        <dd className="mono" data-testid="new-client-id">
          {clientId}
        </dd>
      </dl>
      <SecretBox secret={secret} label="Client secret" testId="client-secret" onDone={onDone} />
    </section>
  );
}
