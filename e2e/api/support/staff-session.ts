// A portal session over plain HTTP, as a browser gets one: next-auth's CSRF token, then the
// credentials form. Returns the Cookie header to send with later requests.
import { baseUrl } from "./http";

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

export async function staffSessionCookie(email: string, password: string): Promise<string> {
  const csrfAnswer = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrfAnswer.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfAnswer);
  const signIn = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiesOf(signIn).find((cookie) => cookie.includes("session-token="));
  if (!session) throw new Error(`sign-in as ${email} gave no session cookie (status ${signIn.status})`);
  return [...jar, session].join("; ");
}
