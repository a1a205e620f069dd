import type { CSSProperties, ReactNode } from "react";

/**
 * A titled box on a page. The section is named by its heading (aria-labelledby), so a screen
 * reader lists it as a region by that name; `id` is the heading's, unique on the page.
 */
export function Panel({
  id,
  title,
  style,
  children,
}: {
  id: string;
  title: ReactNode;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={id} style={style}>
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
