// Stripe's request bodies are application/x-www-form-urlencoded with nested keys, as the stripe
// SDK writes them: `subscription_details[items][0][price_data][unit_amount]=1500`. This turns
// them back into objects and arrays (an object whose keys are 0..n-1 becomes an array), values
// staying strings as on the wire.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

type FormObject = { [key: string]: FormValue };

function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const rest = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1] ?? key, ...rest];
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = Object.fromEntries(keys.map((k) => [k, arrayify(value[k] as FormValue)]));
  const isList = keys.length > 0 && keys.every((k, index) => k === String(index));
  return isList ? keys.map((k) => entries[k] as FormValue) : entries;
}

export function parseNestedForm(raw: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = keyPath(key);
    let node: FormObject = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next !== "object" || Array.isArray(next)) node[segment] = {};
      node = node[segment] as FormObject;
    });
  }
  return arrayify(root) as FormObject;
}
