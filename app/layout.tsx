import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Partner Orders", template: "%s · Partner Orders" },
  description: "Build, price and submit orders for your customers.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, the not-found page included: its scripts need the
  // request's CSP nonce (proxy.ts), which a page prerendered at build time cannot have.
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
