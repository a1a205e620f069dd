"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** A main-menu link that marks itself as the current page (for sighted and screen-reader users). */
export function NavLink({
  href,
  children,
  exact = false,
}: {
  href: string;
  children: string;
  exact?: boolean;
}) {
  const pathname = usePathname();
  const current = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}
