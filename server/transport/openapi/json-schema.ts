// zod 4 emits JSON Schema 2020-12, the dialect OpenAPI 3.1 uses, so the document is generated
// from the very schemas the handlers validate with. Requests are described as clients send them
// (`io: "input"`: defaults optional), answers as the server produces them.
import { z } from "zod";

export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    reused: "inline",
  }) as Record<string, unknown>;
  return rest;
}
