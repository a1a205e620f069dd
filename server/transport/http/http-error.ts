// Errors that belong to HTTP itself (authentication, media type, size, rate), as opposed to the
// use cases' DomainError. Both become problem+json in one place (problem.ts).
export type HttpErrorOptions = {
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
  type?: string;
};

export class HttpError extends Error {
  override name = "HttpError";

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly options: HttpErrorOptions = {},
  ) {
    super(detail);
  }
}
