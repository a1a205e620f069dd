// Signing in once per user per worker: the first test signs in through the form, later ones
// reuse its session cookie (the sign-in form itself is tested in auth.spec.ts) while it still
// works: a sign-out in another test ends every session of that user.
import type { BrowserContext, Page } from "@playwright/test";
import { SignInPage } from "../pages/sign-in-page";
import type { DemoUser } from "./users";

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;
const sessions = new Map<string, Cookies>();

export async function signIn(page: Page, user: DemoUser): Promise<void> {
  const cookies = sessions.get(user.email);
  if (cookies) {
    await page.context().addCookies(cookies);
    if ((await page.request.get("/api/trpc/account.twoFactorStatus")).ok()) return;
    await page.context().clearCookies();
  }
  await new SignInPage(page).signInAs(user);
  sessions.set(user.email, await page.context().cookies());
}
