import { HttpError } from "./http-error";

/** Query parameters as an object for a zod schema; a repeated parameter is a 400, not a guess. */
export function queryObject(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in out)
      throw new HttpError(400, "Invalid request", `The query parameter "${key}" is given more than once.`);
    out[key] = value;
  }
  return out;
}
