// Placeholders with the shape of what is loading, so the page does not jump when it arrives.
export function SkeletonBlock({ height = 14, width = "100%" }: { height?: number; width?: string | number }) {
  return <div className="skeleton" style={{ height, width }} aria-hidden="true" />;
}

export function SkeletonTable({ rows = 8, columns = 6 }: { rows?: number; columns?: number }) {
  return (
    <div className="table-wrap" aria-hidden="true">
      <table className="data">
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
            <tr key={r}>
              {Array.from({ length: columns }, (_, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder cells
                <td key={c}>
                  <SkeletonBlock width={c === 0 ? "70%" : "50%"} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PageSkeleton({ title }: { title: string }) {
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">Loading {title}…</span>
      <div className="page-header">
        <SkeletonBlock height={30} width={220} />
      </div>
      <SkeletonTable />
    </div>
  );
}
