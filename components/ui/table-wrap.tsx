import type { CSSProperties, ReactNode } from "react";

/**
 * A box that scrolls on its own (a wide table on a phone, a long schedule). It is a named,
 * focusable region so a keyboard user can reach and scroll it (axe: scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  style,
  children,
}: {
  label: string;
  className: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className={className} style={style} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** A table that scrolls sideways in its own box on narrow screens. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ScrollRegion label={label} className="table-wrap">
      {children}
    </ScrollRegion>
  );
}
