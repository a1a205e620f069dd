// The sign-in page's error codes (next-auth carries them in `?error=`) and what the page says
// for each. A wrong email and a wrong password get the same words on purpose: saying which was
// wrong would tell a guesser which emails exist.
export const SIGN_IN_ERRORS = {
  /** Followed by `:<seconds>`: the brake asks the next attempt to wait. */
  delayed: "TooManyAttempts",
  disabled: "AccountDisabled",
  /** The password was right; the account asks for a one-time code too. */
  codeRequired: "CodeRequired",
  invalidCode: "InvalidCode",
} as const;

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function signInErrorMessage(code: string): string {
  const [name, detail] = code.split(":");
  if (name === SIGN_IN_ERRORS.delayed) {
    const seconds = Number(detail);
    return Number.isInteger(seconds) && seconds > 0
      ? `Too many failed attempts. For your security, try again in ${waitText(seconds)}.`
      : "Too many failed attempts. For your security, wait a little before trying again.";
  }
  if (name === SIGN_IN_ERRORS.disabled)
    return "This account is disabled. Ask your organisation's admin to enable it.";
  if (name === SIGN_IN_ERRORS.codeRequired) return "Enter the 6-digit code from your authenticator app.";
  if (name === SIGN_IN_ERRORS.invalidCode)
    return "That code is not valid. Enter the current code from your authenticator app, or one of your recovery codes.";
  if (name === "SessionRequired") return "Please sign in to continue.";
  return "That email and password do not match an account. Check them and try again.";
}
