"use client";
// A button that asks before doing something that cannot be undone, in a native modal <dialog>
// (focus moves into it, Escape closes it, focus returns to the button).
import { type ReactNode, useRef } from "react";

type Props = {
  label: string;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  accessibleLabel?: string;
};

export function ConfirmButton({
  label,
  title,
  confirmLabel,
  children,
  onConfirm,
  danger,
  disabled,
  accessibleLabel,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={`button small ${danger ? "danger" : ""}`}
        disabled={disabled}
        aria-label={accessibleLabel}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-label={title}>
        <h2 style={{ marginBottom: 8 }}>{title}</h2>
        <div>{children}</div>
        <form method="dialog" className="button-row" style={{ marginTop: 16, justifyContent: "flex-end" }}>
          {/* biome-ignore lint/a11y/noAutofocus: a confirmation dialog starts on its safe choice */}
          <button className="button" type="submit" autoFocus>
            Keep it
          </button>
          <button
            className={`button ${danger ? "danger" : "primary"}`}
            type="submit"
            onClick={() => {
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
