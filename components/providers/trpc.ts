"use client";
// The typed tRPC hooks for client components (only the router's type crosses to the browser).
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/view-types";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
