import type { ReactNode } from "react";

/**
 * What a list says when it has nothing to show. With `panel` it stands in a panel of its own, in
 * the place of the list's table.
 */
export function EmptyState({
  title,
  children,
  action,
  panel,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  panel?: boolean;
}) {
  const empty = (
    <div className="empty">
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
  return panel ? <div className="panel">{empty}</div> : empty;
}
