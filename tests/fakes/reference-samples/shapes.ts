// Comparing the shape of a fake's answer with a sample answer from the provider's API reference
// (the JSON files beside this one; README.md says where each came from). Values differ by nature
// (ids, amounts, dates); what must agree is which keys there are and the JSON type of each, so a
// fake cannot drift into a shape the real provider never answers while its own tests stay green.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type JsonType = "null" | "string" | "number" | "boolean" | "array" | "object";

export type Shape = JsonType | Shape[] | { [key: string]: Shape };

export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return type;
  return "object";
}

/** The value with every leaf replaced by its JSON type (arrays keep their first element only). */
export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (jsonType(value) === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, shapeOf(v)]),
    );
  }
  return jsonType(value);
}

/**
 * What of a sample a fake's answer must match, per object. Every key of the sample must be in the
 * answer with the same JSON type, except those listed; a key the sample shows as null may be of
 * any type in the answer (the sample cannot tell which).
 */
export type ShapeRule = {
  /** Keys of the sample the fake leaves out on purpose (the test says why). */
  absent?: readonly string[];
  /** Keys the sample shows with a value that the fake may answer as null (documented nullable). */
  nullable?: readonly string[];
  /**
   * Objects inside this one that are compared key by key too (an array: every element of the
   * answer's with the first of the sample's). Those not named are compared by JSON type alone.
   */
  nested?: Readonly<Record<string, ShapeRule>>;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === "object";
}

/** Where the answer's shape disagrees with the sample's under the rule; empty when they agree. */
export function shapeMismatches(
  sample: unknown,
  answer: unknown,
  rule: ShapeRule = {},
  path = "$",
): string[] {
  if (!isObject(sample)) {
    return jsonType(sample) === "null" || jsonType(sample) === jsonType(answer)
      ? []
      : [`${path}: ${jsonType(answer)}, the sample has ${jsonType(sample)}`];
  }
  if (!isObject(answer)) return [`${path}: ${jsonType(answer)}, the sample has an object`];
  const problems: string[] = [];
  const absent = new Set(rule.absent ?? []);
  const nullable = new Set(rule.nullable ?? []);
  // The lists must stay true, or they hide what they claim to explain.
  for (const key of absent) {
    if (!(key in sample)) problems.push(`${path}.${key}: listed as absent, but the sample has no such key`);
    else if (key in answer) problems.push(`${path}.${key}: listed as absent, but the fake answers it`);
  }
  for (const key of Object.keys(rule.nested ?? {})) {
    if (!(key in sample)) problems.push(`${path}.${key}: compared as nested, but the sample has no such key`);
  }
  for (const [key, expected] of Object.entries(sample)) {
    if (absent.has(key)) continue;
    const where = `${path}.${key}`;
    if (!(key in answer)) {
      problems.push(`${where}: missing (the sample has ${jsonType(expected)})`);
      continue;
    }
    const actual = answer[key];
    if (jsonType(expected) === "null") continue;
    if (jsonType(actual) === "null" && nullable.has(key)) continue;
    if (jsonType(actual) !== jsonType(expected)) {
      problems.push(`${where}: ${jsonType(actual)}, the sample has ${jsonType(expected)}`);
      continue;
    }
    const inner = rule.nested?.[key];
    if (!inner) continue;
    if (Array.isArray(expected) && Array.isArray(actual)) {
      if (expected.length === 0) continue;
      if (actual.length === 0) {
        problems.push(`${where}: empty, so its items cannot be compared with the sample's`);
        continue;
      }
      actual.forEach((item, index) => {
        problems.push(...shapeMismatches(expected[0], item, inner, `${where}[${index}]`));
      });
    } else {
      problems.push(...shapeMismatches(expected, actual, inner, where));
    }
  }
  return problems;
}

/** Keys the answer has and the sample has not (at the top level of the object given). */
export function keysBeyondSample(sample: unknown, answer: unknown): string[] {
  if (!isObject(sample) || !isObject(answer)) return [];
  return Object.keys(answer)
    .filter((key) => !(key in sample))
    .sort();
}

export type ReferenceSample = {
  source: Record<string, unknown>;
  sample: Record<string, unknown>;
};

/** A sample of this folder, e.g. referenceSample("stripe/invoice.json"). */
export function referenceSample(file: string): ReferenceSample {
  return JSON.parse(readFileSync(join(import.meta.dirname, file), "utf8")) as ReferenceSample;
}
