"use client";
// The recovery codes, shown this once: the server keeps only their hashes. Copy and download
// are offered because the codes matter exactly when the phone is gone, so they belong elsewhere.
import { useEffect, useRef, useState } from "react";
import { useToast } from "../ui/toaster";

export function RecoveryCodes({
  codes,
  account,
  onDone,
  doneLabel,
}: {
  codes: string[];
  account: string;
  onDone: () => void;
  doneLabel: string;
}) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setCopied(true);
      toast.success("Recovery codes copied to the clipboard.");
    } catch {
      toast.error("Could not copy automatically: select the codes and copy them.");
    }
  }

  function download() {
    const text = [
      `Recovery codes for ${account} (Partner Orders portal)`,
      "Each code signs you in once, in place of a code from your authenticator app.",
      "",
      ...codes,
      "",
    ].join("\n");
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "portal-recovery-codes.txt";
    link.click();
    // The click has started the download by now; the object URL only holds memory.
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <section className="panel" aria-labelledby="recovery-title" style={{ maxWidth: 560 }}>
      <h2 id="recovery-title" ref={heading} tabIndex={-1} className="panel-title">
        Save your recovery codes
      </h2>
      <p className="alert warn" style={{ marginTop: 0 }}>
        If you lose your phone, a recovery code signs you in instead of a code from the app. Each code works
        once. They are shown only this once: store them somewhere safe, such as a password manager.
      </p>
      <ol
        data-testid="recovery-codes"
        className="mono"
        style={{ columns: 2, margin: "16px 0", lineHeight: 1.9 }}
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button" onClick={copy}>
          {copied ? "Copied" : "Copy codes"}
        </button>
        <button type="button" className="button" onClick={download}>
          Download
        </button>
        <button type="button" className="button primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </section>
  );
}
