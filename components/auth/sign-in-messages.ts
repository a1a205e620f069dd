// What the sign-in page says for next-auth's error codes. A wrong email and a wrong password get
// the same words on purpose: saying which was wrong would tell a guesser which emails exist.
const LOCKED = "TooManyAttempts";
const DISABLED = "AccountDisabled";

export function signInErrorMessage(code: string): string {
  if (code === LOCKED) {
    return "Too many failed attempts. For your security, sign-in is paused for 15 minutes. Try again later.";
  }
  if (code === DISABLED) return "This account is disabled. Ask the portal's operator to enable it.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "That email and password do not match an account. Check them and try again.";
}
