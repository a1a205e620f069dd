"use client";
// Change one's own password. On success every session ends (this one too), so the form says so
// and sends the person to sign in again with the new password.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { signOut } from "../auth/next-auth-client";
import { fieldMessagesFromError, messagesFor } from "../preview/field-messages";
import { useTRPC } from "../providers/trpc";
import { describedBy, FieldError } from "../ui/field-error";
import { useHydrated } from "../ui/use-hydrated";

const FIELDS = [
  { key: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { key: "newPassword", label: "New password (at least 8 characters)", autoComplete: "new-password" },
  { key: "confirmPassword", label: "New password again", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const [done, setDone] = useState(false);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: async () => {
        setDone(true);
        try {
          await signOut();
        } finally {
          window.location.assign("/signin");
        }
      },
    }),
  );
  const mismatch =
    values.confirmPassword !== "" && values.confirmPassword !== values.newPassword
      ? [{ path: "confirmPassword", message: "does not match the new password" }]
      : [];
  const messages = [...(change.error ? fieldMessagesFromError(change.error) : []), ...mismatch];
  const generalError =
    change.error && fieldMessagesFromError(change.error).length === 0 ? change.error.message : null;

  if (done) {
    return (
      <div className="panel" role="status">
        Password changed. You are signed out everywhere; sign in again with your new password.
      </div>
    );
  }
  return (
    <form
      className="panel"
      aria-labelledby="password-title"
      style={{ maxWidth: 480 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (change.isPending || mismatch.length) return;
        change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      }}
    >
      <h2 id="password-title" className="panel-title">
        Change your password
      </h2>
      <p className="muted small">Changing it signs you out everywhere, on this device too.</p>
      {FIELDS.map((f) => {
        const id = `password-${f.key}`;
        const m = messagesFor(messages, f.key);
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>{f.label}</label>
            <input
              id={id}
              type="password"
              required
              autoComplete={f.autoComplete}
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              {...describedBy(`${id}-err`, m)}
            />
            <FieldError id={`${id}-err`} messages={m} />
          </div>
        );
      })}
      {generalError ? (
        <p className="alert error" role="alert">
          {generalError}
        </p>
      ) : null}
      <button
        type="submit"
        className="button primary"
        disabled={
          !hydrated ||
          change.isPending ||
          !values.currentPassword ||
          !values.newPassword ||
          mismatch.length > 0
        }
      >
        {change.isPending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
