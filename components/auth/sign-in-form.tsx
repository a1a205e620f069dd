"use client";
import { useState } from "react";
import { useHydrated } from "../ui/use-hydrated";
import { signInWithPassword } from "./next-auth-client";
import { SIGN_IN_ERRORS, signInErrorMessage } from "./sign-in-messages";

// Two steps for an account with two-factor sign-in: the email and password first; when the
// server answers that a code is needed, a code field appears and all three are sent again
// (nothing is remembered on the server between the steps).
export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  const [pending, setPending] = useState(false);
  const [askCode, setAskCode] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const answer = await signInWithPassword(
        {
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          ...(askCode ? { code: String(form.get("code") ?? "") } : {}),
        },
        callbackUrl,
      );
      if (answer) {
        if (answer === SIGN_IN_ERRORS.codeRequired) {
          setAskCode(true);
          setError(null);
        } else setError(signInErrorMessage(answer));
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
      <div className="field" hidden={askCode}>
        <label htmlFor="email">Email</label>
        {/* biome-ignore lint/a11y/noAutofocus: signing in is this page's only task, so typing starts there */}
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field" hidden={askCode}>
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {askCode ? (
        <div className="field">
          <label htmlFor="code">One-time code</label>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            required
            // biome-ignore lint/a11y/noAutofocus: the code is the only thing left to type
            autoFocus
            maxLength={40}
            spellCheck={false}
          />
          <p className="muted">
            The 6-digit code from your authenticator app. Lost your device? Enter one of your recovery codes.
          </p>
        </div>
      ) : null}
      <button className="button primary" type="submit" disabled={pending || !hydrated}>
        {pending ? "Signing in…" : askCode ? "Verify and sign in" : "Sign in"}
      </button>
    </form>
  );
}
