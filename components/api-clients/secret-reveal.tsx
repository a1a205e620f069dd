"use client";
// A new client secret, shown this once: the server keeps only its hash.
import { useEffect, useRef, useState } from "react";
import { useToast } from "../ui/toaster";

export function SecretReveal({
  clientId,
  secret,
  onDone,
}: {
  clientId: string;
  secret: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("Secret copied to the clipboard.");
    } catch {
      toast.error("Could not copy automatically: select the secret and copy it.");
    }
  }
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
      <div className="secret-box">
        <span className="visually-hidden">Client secret:</span>
        <code data-testid="client-secret">{secret}</code>
        <button type="button" className="button small" onClick={copy}>
          {copied ? "Copied" : "Copy secret"}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
