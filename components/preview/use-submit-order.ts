"use client";
// Submitting an order exactly once. The Idempotency-Key is made once per distinct order body and
// reused for every attempt at that body: a double click, or pressing Submit again after a network
// error, replays the first answer instead of placing a second order. A second click while a
// request is in flight is ignored outright.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { OrderRequestInput } from "@/server/domain/order-request-schemas";
import { useTRPC } from "../providers/trpc";
import { newIdempotencyKey } from "./idempotency-key";

export function useSubmitOrder() {
  const trpc = useTRPC();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const inFlight = useRef(false);
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.orders.submit.mutationOptions({
      // A placed order takes up credit: the credit notice reads it again.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orders.creditInUse.queryKey() }),
    }),
  );

  async function submit(order: OrderRequestInput) {
    if (inFlight.current) return null;
    inFlight.current = true;
    const body = JSON.stringify(order);
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey() };
    try {
      return await mutation.mutateAsync({ order: order as never, idempotencyKey: attempt.current.key });
    } finally {
      inFlight.current = false;
    }
  }

  return { submit, pending: mutation.isPending, error: mutation.error, reset: mutation.reset };
}
