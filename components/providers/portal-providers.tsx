"use client";
// React Query and tRPC for the portal's client components. The order preview goes by POST (an
// order does not belong in a URL, and can be large); everything else is batched GETs and
// mutations. A request that finds the session gone sends the user to sign in again.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from "@trpc/client";
import { type ReactNode, useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/view-types";
import { ToastProvider } from "../ui/toaster";
import { TRPCProvider } from "./trpc";

function onAnyError(error: unknown) {
  if (error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED") {
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAnyError }),
    mutationCache: new MutationCache({ onError: onAnyError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; a network blip might.
        retry: (count, error) =>
          !(error instanceof TRPCClientError && (error.data?.httpStatus ?? 500) < 500) && count < 2,
      },
    },
  });
}

export function PortalProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.path === "orders.preview",
          true: httpLink({ url: "/api/trpc", transformer: superjson, methodOverride: "POST" }),
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 8 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
