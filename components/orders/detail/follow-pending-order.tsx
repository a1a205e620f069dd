"use client";
// Keeps an order page that is still being processed up to date: it asks the server for the page
// again (router.refresh, which keeps scroll and focus) every second or so, slowing to every 5 s,
// and not while the tab is hidden. The page renders this only while the order is submitted or
// processing, so it stops by itself; after 15 minutes (an order waiting for retries) it gives up
// until the page is loaded again.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const FIRST_MS = 1000;
const LONGEST_MS = 5000;
const GIVE_UP_AFTER_MS = 15 * 60_000;

export function FollowPendingOrder() {
  const router = useRouter();
  useEffect(() => {
    let delay = FIRST_MS;
    let timer: ReturnType<typeof setTimeout>;
    const until = Date.now() + GIVE_UP_AFTER_MS;
    const tick = () => {
      if (!document.hidden) router.refresh();
      delay = Math.min(delay * 1.5, LONGEST_MS);
      if (Date.now() < until) timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => clearTimeout(timer);
  }, [router]);
  return null;
}
