// The published contract as a test oracle: the OpenAPI document is fetched from the running app
// (/api/openapi.json), and every answer a test receives is checked against it — the status must
// be documented for the operation, the content type must be the documented one
// (application/json for answers and OAuth errors, application/problem+json for problems), the
// body must validate against the documented schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1
// uses), documented headers must match their schemas, and X-Request-Id must be present.
import { expect } from "@playwright/test";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export type OperationId =
  | "getToken"
  | "previewOrder"
  | "submitOrder"
  | "getOrder"
  | "listOrders"
  | "listSubscriptions"
  | "getSubscription"
  | "listCustomers"
  | "getCustomer"
  | "listOffers"
  | "listWebhooks"
  | "createWebhook"
  | "getWebhook"
  | "updateWebhook"
  | "deleteWebhook"
  | "rotateWebhookSecret"
  | "sendWebhookTest"
  | "listWebhookDeliveries"
  | "resendWebhookDelivery";

export type Answer<T = unknown> = {
  status: number;
  headers: Headers;
  /** Parsed JSON (undefined when the body is not JSON). */
  body: T;
  text: string;
  ms: number;
};

type MediaType = { schema?: unknown };
type ResponseObject = { content?: Record<string, MediaType>; headers?: Record<string, { schema?: unknown }> };
type Operation = { operationId?: string; responses: Record<string, ResponseObject> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const pointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** A media type without parameters, lower-cased: "application/json; charset=utf-8" -> "application/json". */
export function mediaType(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

export class ApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations = new Map<string, { path: string; method: string; operation: Operation }>();
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, "openapi");
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (operation.operationId) this.operations.set(operation.operationId, { path, method, operation });
      }
    }
  }

  static async load(baseURL: string): Promise<ApiContract> {
    const response = await fetch(`${baseURL}/api/openapi.json`);
    expect(response.status, "GET /api/openapi.json").toBe(200);
    return new ApiContract((await response.json()) as OpenApiDocument);
  }

  /** The documented statuses of an operation. */
  statuses(operationId: OperationId): string[] {
    return Object.keys(this.operation(operationId).operation.responses);
  }

  private operation(operationId: OperationId) {
    const found = this.operations.get(operationId);
    if (!found) throw new Error(`The OpenAPI document has no operation ${operationId}`);
    return found;
  }

  private validator(
    operationId: OperationId,
    status: string,
    type: string,
    schemaAt: string,
  ): ValidateFunction {
    const key = `${operationId} ${status} ${type}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#${schemaAt}` });
      this.validators.set(key, validate);
    }
    return validate;
  }

  /**
   * Asserts that one answer of `operationId` is what the published contract promises. The checks
   * collect their findings and assert only when there are some: Playwright records every
   * `expect` as a step, and thousands of them (fuzzing, bursts) made the test client the
   * bottleneck of the rate-limit test.
   */
  check(operationId: OperationId, answer: Answer, sent: { requestId?: string } = {}): void {
    const findings = this.findings(operationId, answer, sent);
    if (findings.length === 0) return;
    const { path, method } = this.operation(operationId);
    expect(
      findings,
      `${method.toUpperCase()} ${path} -> ${answer.status} against the contract; body: ${answer.text.slice(0, 800)}`,
    ).toEqual([]);
  }

  /** What is wrong with an answer, as readable lines (none when it keeps the contract). */
  findings(operationId: OperationId, answer: Answer, sent: { requestId?: string } = {}): string[] {
    const { path, method, operation } = this.operation(operationId);
    const status = String(answer.status);
    const response = operation.responses[status];
    if (!response)
      return [
        `status ${status} is not documented (documented: ${Object.keys(operation.responses).join(", ")})`,
      ];
    const found: string[] = [];

    const requestId = answer.headers.get("x-request-id");
    if (!requestId) found.push("no X-Request-Id header");
    else if (sent.requestId && requestId !== sent.requestId)
      found.push(`X-Request-Id ${requestId} is not the caller's ${sent.requestId}`);

    const documentedTypes = Object.keys(response.content ?? {});
    const type = mediaType(answer.headers);
    if (!documentedTypes.includes(type))
      found.push(`content type "${type}" is not the documented ${documentedTypes.join(" or ")}`);
    if (answer.status >= 400 && operationId !== "getToken" && type !== "application/problem+json")
      found.push(`an error answered as "${type}", not application/problem+json`);
    if (answer.status < 300 && type !== "application/json")
      found.push(`a success answered as "${type}", not application/json`);

    if (documentedTypes.includes(type)) {
      const schemaAt = `/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(type)}/schema`;
      const validate = this.validator(operationId, status, type, schemaAt);
      if (!validate(answer.body)) {
        for (const e of validate.errors ?? [])
          found.push(`body${e.instancePath || ""} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
    if (
      type === "application/problem+json" &&
      (answer.body as { status?: unknown } | undefined)?.status !== answer.status
    ) {
      found.push("the problem's status member differs from the HTTP status");
    }

    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = answer.headers.get(name);
      const schema = header.schema as { type?: string } | undefined;
      if (value !== null && schema?.type === "integer" && !/^\d+$/.test(value))
        found.push(`header ${name}: "${value}" is not an integer`);
    }
    return found;
  }
}
