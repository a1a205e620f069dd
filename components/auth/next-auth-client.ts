// The two calls the portal makes to next-auth's endpoints, without next-auth/react: fetch the
// CSRF token next-auth requires (a double-submit cookie), then post the form. The same requests
// next-auth/react makes, in a few lines instead of a library on every page.
type AuthAnswer = { url: string };

async function csrfToken(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { cache: "no-store" });
  if (!res.ok) throw new Error("The sign-in service is not answering.");
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function post(path: string, fields: Record<string, string>): Promise<AuthAnswer> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" });
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body,
  });
  if (!res.ok && res.status !== 401) throw new Error("The sign-in service is not answering.");
  return (await res.json()) as AuthAnswer;
}

/** Signs in; answers the error code next-auth reports (null on success). */
export async function signInWithPassword(
  credentials: { email: string; password: string; code?: string },
  callbackUrl: string,
): Promise<string | null> {
  const answer = await post("/api/auth/callback/credentials", { ...credentials, callbackUrl });
  return new URL(answer.url, window.location.origin).searchParams.get("error");
}

export async function signOut(): Promise<void> {
  await post("/api/auth/signout", { callbackUrl: "/signin" });
}
