// Problems and validation errors carry a dotted `path` ("country", "orderItems.0.quantity",
// "orderDiscount.code"); the form shows each next to the field it concerns.
import { TRPCClientError } from "@trpc/client";

export type FieldMessage = { path: string; message: string; code?: string };

type ErrorData = { errors?: FieldMessage[]; problems?: FieldMessage[] } | undefined;

export function fieldMessagesFromError(error: unknown): FieldMessage[] {
  if (!(error instanceof TRPCClientError)) return [];
  const data = error.data as ErrorData;
  return [...(data?.errors ?? []), ...(data?.problems ?? [])];
}

/** Messages for one field: its exact path, or a path inside it ("billingDetails" gets "billingDetails.city"). */
export function messagesFor(messages: readonly FieldMessage[], path: string): FieldMessage[] {
  return messages.filter((m) => m.path === path || m.path.startsWith(`${path}.`));
}
