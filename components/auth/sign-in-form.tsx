"use client";
import { useState } from "react";
import { useHydrated } from "../ui/use-hydrated";
import { signInWithPassword } from "./next-auth-client";
import { signInErrorMessage } from "./sign-in-messages";

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const code = await signInWithPassword(
        String(form.get("email") ?? ""),
        String(form.get("password") ?? ""),
        callbackUrl,
      );
      if (code) {
        setError(signInErrorMessage(code));
        setPending(false);
        return;
      }
      // A full navigation, so the next page is rendered with the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    // method="post": should the form ever be sent before the script runs, the password must not
    // end up in a URL (history, logs). The button waits for the script anyway.
    <form method="post" onSubmit={onSubmit} aria-describedby={error ? "signin-error" : undefined}>
      {error ? (
        <div id="signin-error" className="alert error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="email">Email</label>
        {/* biome-ignore lint/a11y/noAutofocus: signing in is this page's only task, so typing starts there */}
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="button primary" type="submit" disabled={pending || !hydrated}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
