import Link from "next/link";
import type { ReactNode } from "react";

export type Crumb = { href: string; label: string };

export function PageHeader({
  title,
  description,
  crumbs,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        {crumbs?.length ? (
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            {crumbs.map((c, i) => (
              <span key={c.href}>
                {i > 0 ? " / " : null}
                <Link href={c.href}>{c.label}</Link>
              </span>
            ))}
          </nav>
        ) : null}
        <h1>{title}</h1>
        {description ? <p className="muted">{description}</p> : null}
      </div>
      {actions ? <div className="button-row">{actions}</div> : null}
    </header>
  );
}
