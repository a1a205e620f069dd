// Answers for requests no route handles, in problem+json like every other API error (Next.js
// would otherwise answer with an HTML page or an empty 405).
import { setApiSecurityHeaders } from "./api-security-headers";
import { problemResponse } from "./problem";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";

export function notFoundProblem(request: Request): Response {
  const response = problemResponse({
    status: 404,
    title: "Not found",
    detail: `There is no ${request.method} ${new URL(request.url).pathname} in the partner API. See /api/openapi.json.`,
    instance: new URL(request.url).pathname,
  });
  response.headers.set(REQUEST_ID_HEADER, requestIdOf(request.headers));
  setApiSecurityHeaders(response.headers);
  return response;
}

export function methodNotAllowed(allowed: string[]) {
  return (request: Request): Response => {
    const response = problemResponse({
      status: 405,
      title: "Method not allowed",
      detail: `${request.method} is not supported here; use ${allowed.join(" or ")}.`,
      instance: new URL(request.url).pathname,
      headers: { allow: allowed.join(", ") },
    });
    response.headers.set(REQUEST_ID_HEADER, requestIdOf(request.headers));
    setApiSecurityHeaders(response.headers);
    return response;
  };
}
