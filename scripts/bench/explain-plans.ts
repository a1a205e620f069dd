// The query plans of the statements a use case sends, for bench:scale --explain: each statement
// Prisma sent (captured through the client's onQuery hook) is asked again with EXPLAIN QUERY PLAN
// (SQLite) or EXPLAIN (PostgreSQL), with the same parameters. A plan that reads a growing table
// whole is flagged: SQLite's "SCAN <table>" (with or without an index: a SCAN walks all of it,
// a SEARCH seeks a range), PostgreSQL's "Seq Scan on <table>".
import type { Db } from "../../server/infra/db/client";

/** The tables that grow with the orders; a scan of the others (partners, offers) costs the same at any size. */
const GROWING = ["Order", "OrderItem", "Customer", "Subscription", "SubscriptionItem", "AuditEvent", "Job"];

export type StatementPlan = { sql: string; plan: string[]; fullScans: string[] };

export type CapturedStatement = { query: string; params: string };

/** Collects the statements sent while `during` runs. */
export class StatementCapture {
  private statements: CapturedStatement[] | null = null;

  readonly onQuery = (query: string, params: string) => {
    this.statements?.push({ query, params });
  };

  async during(run: () => Promise<unknown>): Promise<CapturedStatement[]> {
    const statements: CapturedStatement[] = [];
    this.statements = statements;
    try {
      await run();
    } finally {
      this.statements = null;
    }
    return statements;
  }
}

function paramsOf(statement: CapturedStatement): unknown[] {
  try {
    const parsed = JSON.parse(statement.params) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export async function explainStatement(
  db: Db,
  kind: "sqlite" | "postgresql",
  statement: CapturedStatement,
): Promise<StatementPlan> {
  const params = paramsOf(statement);
  if (kind === "sqlite") {
    const rows = await db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN ${statement.query}`,
      ...params,
    );
    const plan = rows.map((row) => row.detail);
    const fullScans = plan.flatMap((line) => {
      const table = /^SCAN (?:main\.)?"?(\w+)"?/.exec(line)?.[1];
      return table && GROWING.includes(table) ? [table] : [];
    });
    return { sql: statement.query, plan, fullScans };
  }
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${statement.query}`, ...params);
  const plan = rows.map((row) => row["QUERY PLAN"]);
  const fullScans = plan.flatMap((line) => {
    const table = /Seq Scan on (?:public\.)?"?(\w+)"?/.exec(line)?.[1];
    return table && GROWING.includes(table) ? [table] : [];
  });
  return { sql: statement.query, plan, fullScans };
}

/** A statement shortened for reading: its columns elided. */
export function shortSql(sql: string): string {
  return sql
    .replace(/^SELECT .*? FROM /s, "SELECT ... FROM ")
    .replace(/\s+/g, " ")
    .slice(0, 400);
}
