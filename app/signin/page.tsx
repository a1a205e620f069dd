import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/components/auth/safe-callback";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getStaffSession } from "@/server/transport/session/session";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getStaffSession()) redirect(callbackUrl);
  return (
    <main className="signin">
      <div className="panel">
        <h1>Sign in</h1>
        <p className="muted">Partner Orders portal for partner staff.</p>
        <SignInForm callbackUrl={callbackUrl} initialError={params.error ?? null} />
      </div>
    </main>
  );
}
