"use client";
// An admin's "Retry processing" on a failed order processed later: asks first, then sends the
// order back to the billing provider under its first attempt's keys, and reloads the page, which
// then follows the order until it is final.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../providers/trpc";
import { ConfirmButton } from "../../ui/confirm-button";
import { useToast } from "../../ui/toaster";

export function RetryOrderButton({ orderId, reference }: { orderId: string; reference: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const retry = useMutation(
    trpc.orders.retry.mutationOptions({
      onSuccess: () => {
        toast.success(`Order ${reference} is being processed again.`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmButton
      label={retry.isPending ? "Retrying…" : "Retry processing"}
      title={`Retry order ${reference}?`}
      confirmLabel="Retry"
      disabled={retry.isPending}
      onConfirm={() => retry.mutate({ orderId })}
    >
      <p>
        The order is sent to the billing provider again, under the same keys as before: if an earlier attempt
        did reach the provider, it is not billed twice. Its discount code is used again.
      </p>
    </ConfirmButton>
  );
}
