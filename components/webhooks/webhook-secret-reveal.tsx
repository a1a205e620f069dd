"use client";
// A webhook endpoint's signing secret, shown this once (after registering the endpoint or
// rotating its secret): the server keeps it sealed and never shows it again.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useToast } from "../ui/toaster";

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
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("Signing secret copied to the clipboard.");
    } catch {
      toast.error("Could not copy automatically: select the secret and copy it.");
    }
  }
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
      <div className="secret-box">
        <span className="visually-hidden">Signing secret:</span>
        <code data-testid="webhook-secret">{secret}</code>
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
