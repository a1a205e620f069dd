import Link from "next/link";

export function Pager({
  count,
  noun,
  links,
}: {
  count: number;
  noun: [string, string];
  links: { first: string | null; previous: string | null; next: string | null };
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted small">
        {count} {count === 1 ? noun[0] : noun[1]} on this page
      </span>
      <span className="button-row">
        {links.first && links.first !== links.previous ? (
          <Link className="button small" href={links.first}>
            First page
          </Link>
        ) : null}
        {links.previous ? (
          <Link className="button small" href={links.previous} rel="prev">
            Previous page
          </Link>
        ) : null}
        {links.next ? (
          <Link className="button small" href={links.next} rel="next">
            Next page
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
