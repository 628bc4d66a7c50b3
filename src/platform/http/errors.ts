/*
 * Typed errors with human messages, mapped once to problem+json (RFC 9457).
 * The message (`detail`) is what the UI shows: write it for the user.
 * `errors` names fields, so a form can show each message next to its field;
 * `extensions` are further members a client acts on (RFC 9457 §3.2), such as
 * the `code` telling the sign-in page to ask for a second factor.
 */
export type FieldError = { field: string; detail: string };

export class Problem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    title: string,
    detail: string,
    errors?: FieldError[],
    headers: Record<string, string> = {},
    extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
    this.extensions = extensions;
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

/**
 * The request needs more than the session has: a higher assurance level
 * (`code: "step_up_required"`, with the `acr` needed) or a recent sign-in
 * (`code: "reauthentication_required"`). The page asks and retries.
 */
export class AuthenticationRequired extends Problem {
  constructor(detail: string, code: "step_up_required" | "reauthentication_required", extensions: Record<string, unknown> = {}) {
    super(401, "Unauthorized", detail, undefined, {}, { code, ...extensions });
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
