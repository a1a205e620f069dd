"use client";
import { useState } from "react";
import { signOut } from "./next-auth-client";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button small"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut();
        } finally {
          window.location.assign("/signin");
        }
      }}
    >
      Sign out
    </button>
  );
}
