"use client";
// Small toasts for the outcome of an action. The region is always in the page so screen readers
// announce new toasts (polite for success, assertive for failures); each closes by itself or
// with its button.
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

type Toast = { id: number; kind: "success" | "error"; message: string };
type ToastApi = { success(message: string): void; error(message: string): void };

const ToastContext = createContext<ToastApi>({ success() {}, error() {} });

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: Toast["kind"], message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, kind, message }]);
      window.setTimeout(() => dismiss(id), kind === "error" ? 9000 : 5000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({ success: (m) => push("success", m), error: (m) => push("error", m) }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toasts" aria-label="Notifications">
        <div aria-live="polite" role="status" className="toasts-polite">
          {toasts
            .filter((t) => t.kind === "success")
            .map((t) => (
              <ToastView key={t.id} toast={t} onClose={dismiss} />
            ))}
        </div>
        <div aria-live="assertive" role="alert" className="toasts-assertive">
          {toasts
            .filter((t) => t.kind === "error")
            .map((t) => (
              <ToastView key={t.id} toast={t} onClose={dismiss} />
            ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

function ToastView({ toast, onClose }: { toast: Toast; onClose: (id: number) => void }) {
  return (
    <div className={`toast ${toast.kind === "error" ? "error" : ""}`} data-testid="toast">
      <p>{toast.message}</p>
      <button type="button" aria-label="Dismiss notification" onClick={() => onClose(toast.id)}>
        ×
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
