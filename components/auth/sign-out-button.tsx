"use client";
import { useState } from "react";
import { useHydrated } from "../ui/use-hydrated";
import { signOut } from "./next-auth-client";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className="button small"
      disabled={pending || !hydrated}
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
