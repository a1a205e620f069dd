"use client";
// A secret shown once (an API client's, a webhook endpoint's signing secret), with a copy button
// and the "I have stored it" that closes it: the same box wherever a secret is handed over.
import { useState } from "react";
import { useToast } from "./toaster";

export function SecretBox({
  secret,
  label,
  testId,
  onDone,
}: {
  secret: string;
  /** What it is, for screen readers and the toast ("Client secret", "Signing secret"). */
  label: string;
  testId: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success(`${label} copied to the clipboard.`);
    } catch {
      toast.error("Could not copy automatically: select the secret and copy it.");
    }
  }
  return (
    <div className="secret-box">
      <span className="visually-hidden">{label}:</span>
      <code data-testid={testId}>{secret}</code>
      <button type="button" className="button small" onClick={copy}>
        {copied ? "Copied" : "Copy secret"}
      </button>
      <button type="button" className="button small" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}
