"use client";
// The two pages of one's own account, side by side under their title (one "Account" link in the
// header leads here, which keeps the header short enough for long partner names).
import Link from "next/link";
import { usePathname } from "next/navigation";

const PAGES = [
  { href: "/settings/password", label: "Password" },
  { href: "/settings/two-factor", label: "Two-factor sign-in" },
] as const;

export function AccountNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Account" className="subnav">
      {PAGES.map((page) => (
        <Link key={page.href} href={page.href} aria-current={pathname === page.href ? "page" : undefined}>
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
