// The head of a data table: its caption and column headers. Every table in the portal names its
// columns the same way (scope="col", figures right-aligned, an actions column named only for screen
// readers), so a table lists its columns once and this renders them; the rows stay with the table.

type ColumnSpec = { label: string; num?: boolean; visuallyHidden?: boolean };

/**
 * One column header. A plain string is an ordinary column; `num` right-aligns a column of figures
 * (its cells carry `className="num"` too); `visuallyHidden` names the column for screen readers only (a
 * column of buttons needs no visible heading). `false` leaves out a column the table does not show.
 */
export type Column = string | ColumnSpec | false;

export function TableHead({ caption, columns }: { caption?: string; columns: readonly Column[] }) {
  return (
    <>
      {/* The caption names the table to screen readers; on screen the page's headings say what it is. */}
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => {
            if (column === false) return null;
            const { label, num, visuallyHidden }: ColumnSpec =
              typeof column === "string" ? { label: column } : column;
            return (
              <th key={label} scope="col" className={num ? "num" : undefined}>
                {visuallyHidden ? <span className="visually-hidden">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
    </>
  );
}
