/*
 * Typed errors with human messages, mapped once to problem+json (RFC 9457).
 * The message (`detail`) is what the UI shows: write it for the user.
 * `errors` names fields, so a form can show each message next to its field.
 */
export type FieldError = { field: string; detail: string };

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, title: string, detail: string, errors?: FieldError[], headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
  }
}

export class BadRequest extends Problem {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, "Bad Request", detail, errors);
  }
}

/** One field is wrong: the message is shown next to it and as the summary. */
export class InvalidField extends BadRequest {
  constructor(field: string, detail: string) {
    super(detail, [{ field, detail }]);
  }
}

export class Unauthorized extends Problem {
  constructor(detail = "Please sign in.") {
    super(401, "Unauthorized", detail);
  }
}

export class Forbidden extends Problem {
  constructor(detail = "You are not allowed to do this.") {
    super(403, "Forbidden", detail);
  }
}

export class NotFound extends Problem {
  constructor(detail = "Not found or no access.") {
    super(404, "Not Found", detail);
  }
}

export class Conflict extends Problem {
  constructor(detail: string) {
    super(409, "Conflict", detail);
  }
}

export class Gone extends Problem {
  constructor(detail: string) {
    super(410, "Gone", detail);
  }
}

export class TooManyRequests extends Problem {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, "Too Many Requests", detail, undefined, { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
