// Runs a background task now and then: first after `firstAfterMs` (out of the way of start-up),
// then every `everyMs`. A failure is logged and the next run comes as planned. The timers never
// keep a stopping process alive. Returns what stops it.
import { log } from "../../infra/log/log";

export function repeat(
  name: string,
  task: () => Promise<void>,
  { firstAfterMs, everyMs }: { firstAfterMs: number; everyMs: number },
): () => void {
  const run = async () => {
    try {
      await task();
    } catch (error) {
      log.warn(`${name} failed; will try again`, { error });
    }
  };
  const first = setTimeout(run, firstAfterMs);
  const every = setInterval(run, everyMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
