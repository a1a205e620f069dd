import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { PARTNER_ENDPOINTS } from "../../features/endpoints/partner-endpoints";
import { openApiDocument } from "./openapi-document";

const root = path.resolve(import.meta.dirname, "../../..");

type Operation = { security: unknown; responses: Record<string, unknown>; operationId: string };

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every partner endpoint with its scope, answer and problems", () => {
    const doc = openApiDocument();
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    for (const endpoint of PARTNER_ENDPOINTS) {
      const operation = paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(operation?.operationId).toBe(endpoint.operationId);
      expect(operation?.security).toEqual([{ partnerOAuth: [endpoint.scope] }]);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
        [endpoint.response.status, ...endpoint.problems].map(String).sort(),
      );
    }
    expect(doc.components.securitySchemes.partnerOAuth.flows.clientCredentials.scopes).toHaveProperty(
      "orders:preview",
    );
  });
});

/** Every route.ts below app/partner, as its OpenAPI path (`[id]` is `{id}`). */
function partnerRouteFiles(dir = path.join(root, "app/partner")): { path: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : partnerRouteFiles(full);
    if (entry.name !== "route.ts") return [];
    const route = `/${path.relative(path.join(root, "app"), dir)}`.replace(/\[(\w+)\]/g, "{$1}");
    return [{ path: route, file: full }];
  });
}

describe("the partner route files", () => {
  it("are one per descriptor, each building its method's handler from that descriptor", () => {
    const files = partnerRouteFiles();
    expect(files.map((f) => f.path).sort()).toEqual(
      [...new Set(PARTNER_ENDPOINTS.map((e) => e.path))].sort(),
    );
    for (const endpoint of PARTNER_ENDPOINTS) {
      const source = readFileSync(files.find((f) => f.path === endpoint.path)?.file ?? "", "utf8");
      expect(source).toMatch(
        new RegExp(`export const ${endpoint.method} = partnerRoute\\(${endpoint.operationId}Endpoint\\)`),
      );
    }
  });
});
