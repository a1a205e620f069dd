"use client";
// An admin's "Cancel order" on an order still waiting to be processed: asks first, then ends it
// before it reaches the billing provider (nothing is billed) and reloads the page.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../../providers/trpc";
import { ConfirmButton } from "../../ui/confirm-button";
import { useToast } from "../../ui/toaster";

export function CancelPendingOrderButton({ orderId, reference }: { orderId: string; reference: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const cancel = useMutation(
    trpc.orders.cancelPending.mutationOptions({
      onSuccess: () => {
        toast.success(`Order ${reference} is cancelled.`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmButton
      label={cancel.isPending ? "Cancelling…" : "Cancel order"}
      title={`Cancel order ${reference}?`}
      confirmLabel="Cancel order"
      disabled={cancel.isPending}
      onConfirm={() => cancel.mutate({ orderId })}
    >
      <p>
        The order has not reached the billing provider yet: it ends here, nothing is billed, its subscription
        is cancelled and its discount code's use is given back.
      </p>
    </ConfirmButton>
  );
}
