"use client";
// Live price preview of an order being edited. The body is debounced, then priced by
// orders.preview. Each body is its own query key, so an older answer that arrives late lands in
// its own cache entry and can never replace the figures of a newer body; while the newer answer
// is on its way, the previous figures stay on screen (keepPreviousData), marked as updating.
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { OrderRequestInput } from "@/server/domain/order-request-schemas";
import type { PreviewResponse } from "@/server/domain/order-response-schemas";
import { useTRPC } from "../providers/trpc";
import { type FieldMessage, fieldMessagesFromError } from "./field-messages";
import { useDebounced } from "./use-debounced";

export const PREVIEW_DEBOUNCE_MS = 120;

export type OrderPreviewState = {
  preview: PreviewResponse | undefined;
  /** True while the figures shown are not yet those of the latest input. */
  updating: boolean;
  /** The figures shown are those of the current input (not a previous one). */
  current: boolean;
  /** Messages of a request the server refused (e.g. a field in the wrong format). */
  errors: FieldMessage[];
  failed: string | null;
};

export function useOrderPreview(body: OrderRequestInput | null): OrderPreviewState {
  const trpc = useTRPC();
  const settled = useDebounced(body, PREVIEW_DEBOUNCE_MS);
  const waiting = JSON.stringify(settled) !== JSON.stringify(body);
  const query = useQuery({
    ...trpc.orders.preview.queryOptions(settled ?? skipToken),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  const error = query.error;
  const validation = error instanceof TRPCClientError ? fieldMessagesFromError(error) : [];
  return {
    preview: settled === null ? undefined : query.data,
    updating: body !== null && (waiting || query.isFetching),
    current: !waiting && !query.isPlaceholderData && !query.isFetching && query.isSuccess,
    errors: validation,
    failed:
      error && validation.length === 0
        ? "The preview is not available right now. It will retry when you edit the order."
        : null,
  };
}
