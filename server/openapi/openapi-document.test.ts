import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi-document";

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every partner route with its scope and problem answers", () => {
    const doc = openApiDocument();
    const submit = doc.paths["/partner/order"].post;
    expect(submit.security).toEqual([{ partnerOAuth: ["orders:write"] }]);
    expect(Object.keys(submit.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "404", "409", "413", "415", "422", "429", "502"]),
    );
    expect(doc.components.securitySchemes.partnerOAuth.flows.clientCredentials.scopes).toHaveProperty(
      "orders:preview",
    );
  });
});
