"use client";
// The temporary password of an admin's reset, shown once with a copy button: the server keeps
// only its hash.
import { useEffect, useRef, useState } from "react";
import { useToast } from "../ui/toaster";

export type Revealed = { name: string; password: string };

export function TemporaryPassword({ name, password, onDone }: Revealed & { onDone: () => void }) {
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
      toast.success("Temporary password copied to the clipboard.");
    } catch {
      toast.error("Could not copy automatically: select the password and copy it.");
    }
  }
  return (
    <section className="alert ok" aria-labelledby="temporary-password-title">
      <h2 id="temporary-password-title" ref={heading} tabIndex={-1}>
        Temporary password for {name}
      </h2>
      <p style={{ margin: "6px 0 10px" }}>
        Give it to {name} in person or by phone. They sign in with it once and must then choose their own
        password. This is the only time it is shown.
      </p>
      <div className="secret-box">
        <span className="visually-hidden">Temporary password:</span>
        <code data-testid="temporary-password">{password}</code>
        <button type="button" className="button small" onClick={copy}>
          {copied ? "Copied" : "Copy password"}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Close
        </button>
      </div>
    </section>
  );
}
