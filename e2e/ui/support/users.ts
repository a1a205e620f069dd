// The demo sign-ins seeded by scripts/e2e.sh (server/features/seed/demo-credentials.ts).
export const PASSWORD = "demo-password-1";

export const USERS = {
  acmeAdmin: { email: "admin@acme.test", name: "Ann Admin", role: "admin" },
  acmeStaff: { email: "staff@acme.test", name: "Sam Staff", role: "staff" },
  globexAdmin: { email: "admin@globex.test", name: "Greta Admin", role: "admin" },
  globexStaff: { email: "staff@globex.test", name: "Gus Staff", role: "staff" },
} as const;

export type DemoUser = (typeof USERS)[keyof typeof USERS];

/** Unique per call across workers and runs, for emails and external ids other tests must not see. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
