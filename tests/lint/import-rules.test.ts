// The import rules of biome.json hold the layers apart: components import from server/ only the
// pure domain and the view types; features never import a transport; infrastructure imports neither
// features nor transports; the domain imports nothing with I/O, by relative or @/ path. Each rule
// must fail a deliberately wrong import. The files are written where the rule applies (biome picks
// its overrides by path) and removed after.
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const written: string[] = [];

afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

/** Lints one file placed at `where` (a folder of the tree) and answers the rules it broke. */
async function rulesBrokenBy(where: string, name: string, source: string): Promise<string[]> {
  const dir = path.join(root, where, "__import_rule_fixture__");
  mkdirSync(dir, { recursive: true });
  written.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, source);
  const biome = path.join(root, "node_modules/.bin/biome");
  const answer = await run(biome, ["lint", "--reporter=json", file], { cwd: root }).catch(
    (error: { stdout: string }) => ({ stdout: error.stdout }),
  );
  const report = JSON.parse(answer.stdout) as { diagnostics: { category: string }[] };
  return report.diagnostics.map((d) => d.category);
}

const RESTRICTED = "lint/style/noRestrictedImports";

describe("the import rules", () => {
  it("refuse a component importing a use case or the database, and accept the domain and view types", async () => {
    expect(
      await rulesBrokenBy(
        "components",
        "wrong.tsx",
        'import { listOrders } from "@/server/features/orders/list-orders";\nexport const x = listOrders;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "components",
        "db.tsx",
        'import { db } from "../../server/infra/db/db";\nexport const x = db;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "components",
        "right.tsx",
        'import { ORDER_STATUSES } from "@/server/domain/enums";\nimport type { OrderDetail } from "@/server/view-types";\nexport const x: OrderDetail | string[] = [...ORDER_STATUSES];\n',
      ),
    ).not.toContain(RESTRICTED);
  }, 60_000);

  it("refuse a feature importing a transport, and accept one importing infrastructure", async () => {
    expect(
      await rulesBrokenBy(
        "server/features/orders",
        "wrong.ts",
        'import { apiHandler } from "../../../transport/http/api-handler";\nexport const x = apiHandler;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/features/orders",
        "at-path.ts",
        'import { appRouter } from "@/server/transport/trpc/app-router";\nexport const x = appRouter;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/features/orders",
        "right.ts",
        'import { db } from "../../../infra/db/db";\nexport const x = db;\n',
      ),
    ).not.toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/features/orders",
        "next.ts",
        'import { redirect } from "next/navigation";\nexport const x = redirect;\n',
      ),
    ).toContain(RESTRICTED);
  }, 60_000);

  it("refuse infrastructure importing a feature or a transport", async () => {
    expect(
      await rulesBrokenBy(
        "server/infra/queue",
        "feature.ts",
        'import { submitOrder } from "../../../features/orders/submit-order";\nexport const x = submitOrder;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/infra/queue",
        "transport.ts",
        'import { startProcessWorker } from "@/server/transport/worker/job-runtime";\nexport const x = startProcessWorker;\n',
      ),
    ).toContain(RESTRICTED);
  }, 60_000);

  it("refuse the domain importing anything with I/O, by relative or @/ path", async () => {
    expect(
      await rulesBrokenBy(
        "server/domain",
        "at-path.ts",
        'import { db } from "@/server/infra/db/db";\nexport const x = db;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/domain",
        "relative.ts",
        'import { listOffers } from "../../features/catalog/list-offers";\nexport const x = listOffers;\n',
      ),
    ).toContain(RESTRICTED);
    expect(
      await rulesBrokenBy(
        "server/domain",
        "pure.ts",
        'import { z } from "zod";\nexport const x = z.string();\n',
      ),
    ).not.toContain(RESTRICTED);
  }, 60_000);
});

describe("server/view-types.ts", () => {
  it("holds only type exports, so importing it brings no server code into the browser", async () => {
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(path.join(root, "server/view-types.ts"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("//"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^export type \{ [\w, ]+ \} from "\.\/[\w/-]+";$/);
  });
});
