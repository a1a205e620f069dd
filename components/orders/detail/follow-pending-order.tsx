"use client";
// Keeps an order page that is still being processed up to date: it asks the server for the page
// again (router.refresh, which keeps scroll and focus) every second or so, slowing to every 5 s.
// The page renders this only while the order is submitted or processing, so it stops by itself.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const FIRST_MS = 1000;
const LONGEST_MS = 5000;

export function FollowPendingOrder() {
  const router = useRouter();
  useEffect(() => {
    let delay = FIRST_MS;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      router.refresh();
      delay = Math.min(delay * 1.5, LONGEST_MS);
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, delay);
    return () => clearTimeout(timer);
  }, [router]);
  return null;
}
