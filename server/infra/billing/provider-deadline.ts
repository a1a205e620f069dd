// The shared timeout of provider calls. Each HTTP call to a provider gets its own budget
// (timeoutMs, from BILLING_PROVIDER_TIMEOUT_MS): a hung provider then costs the partner a few
// seconds and a 502, never a request that hangs until the load balancer gives up. The deadline is
// a hard one (Promise.race), not a socket idle timer, so a provider that trickles bytes is cut off
// as well; the AbortSignal lets fetch-based clients stop the request itself.
import { type ExternalProvider, providerTimedOut } from "./provider-errors";

export async function withDeadline<T>(
  provider: ExternalProvider,
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = providerTimedOut(provider);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
