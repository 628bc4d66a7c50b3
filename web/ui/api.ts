/*
 * Calls to the service's own API. Sends the CSRF token on every
 * state-changing request and turns problem+json answers into ApiError, whose
 * message is written for the user and whose fieldErrors go next to fields.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly fieldErrors: Record<string, string>;
  /** The problem's `code`, when the page can act on it ("reauthentication_required", "step_up_required"). */
  readonly code: string | undefined;
  constructor(status: number, message: string, fieldErrors: Record<string, string>, code?: string) {
    super(message);
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.code = code;
  }

  /** The same error once the user has edited a field: that field's message goes away. */
  without(field: string): ApiError | null {
    const { [field]: _edited, ...rest } = this.fieldErrors;
    if (!(field in this.fieldErrors)) return this;
    return Object.keys(rest).length ? new ApiError(this.status, this.message, rest, this.code) : null;
  }
}

let csrfToken: Promise<string> | undefined;

async function fetchCsrfToken(): Promise<string> {
  const response = await fetch("/api/csrf", { credentials: "same-origin" });
  return ((await response.json()) as { token: string }).token;
}

async function send(path: string, method: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") {
    csrfToken ??= fetchCsrfToken();
    headers["x-csrf-token"] = await csrfToken;
  }
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  let response = await send(path, method, options.body);
  if (response.status === 403 && method !== "GET") {
    // The CSRF cookie may have been renewed elsewhere: fetch a fresh token once.
    csrfToken = undefined;
    response = await send(path, method, options.body);
  }
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; code?: string; errors?: { field: string; detail: string }[] };
    const fieldErrors: Record<string, string> = {};
    for (const error of problem.errors ?? []) fieldErrors[error.field] ??= error.detail;
    throw new ApiError(response.status, problem.detail ?? "Something went wrong. Please try again.", fieldErrors, problem.code);
  }
  return data as T;
}
