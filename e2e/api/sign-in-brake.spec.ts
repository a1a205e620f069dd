// The sign-in brake over real HTTP (issue: anyone could lock a staff member out with five wrong
// passwords). Failures past a free allowance make the next attempt from that address wait, with
// the wait in the answer; the account's owner, at another address, signs in at once.
// The source address is the X-Forwarded-For entry the nearest proxy wrote; the test server has
// none in front, so Next keeps the header the test sends (TRUSTED_PROXY_HOPS=1, the default).
import { expect, test } from "@playwright/test";
import { baseUrl, unique } from "./support/http";
import { createStaffUser } from "./support/operator-cli";

const email = `${unique("brake")}@globex.test`;
const password = "a long test password";

async function attempt(address: string, tried: string, who = email) {
  const csrfAnswer = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { "x-forwarded-for": address } });
  const { csrfToken } = (await csrfAnswer.json()) as { csrfToken: string };
  const cookie = csrfAnswer.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const answer = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
    body: new URLSearchParams({ csrfToken, email: who, password: tried, json: "true" }),
  });
  const { url } = (await answer.json()) as { url: string };
  return {
    error: new URL(url, baseUrl()).searchParams.get("error"),
    signedIn: answer.headers.getSetCookie().some((c) => c.includes("session-token=")),
  };
}

test("a guesser's address is made to wait; the owner elsewhere is not", async () => {
  await createStaffUser("globex", email, password);
  const guesser = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  for (let i = 0; i < 5; i++)
    expect(await attempt(guesser, `wrong-${i}-password`)).toEqual({
      error: "CredentialsSignin",
      signedIn: false,
    });
  // Even the right password waits now, and the answer says for how long.
  const waiting = await attempt(guesser, password);
  expect(waiting.signedIn).toBe(false);
  expect(waiting.error).toMatch(/^TooManyAttempts:\d+$/);
  // The owner, at another address, is not locked out.
  expect(await attempt("198.51.100.123", password)).toEqual({ error: null, signedIn: true });
});

test("an unknown email meets the same brake", async () => {
  const guesser = `203.0.114.${Math.floor(Math.random() * 200) + 1}`;
  const ghost = `${unique("ghost")}@globex.test`;
  for (let i = 0; i < 5; i++)
    expect((await attempt(guesser, `wrong-${i}-password`, ghost)).error).toBe("CredentialsSignin");
  expect((await attempt(guesser, "anything-at-all", ghost)).error).toMatch(/^TooManyAttempts:\d+$/);
});
