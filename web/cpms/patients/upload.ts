/*
 * Sending a file to the server as multipart/form-data (attachments, signed
 * consent forms), with the CSRF token as api() sends it; a refusal becomes
 * the same ApiError, whose message the page shows next to the file field.
 */
import { ApiError } from "../../ui/api.ts";

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/csrf", { credentials: "same-origin" });
  return ((await response.json()) as { token: string }).token;
}

export async function upload<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  // Fields first: a streaming server reads them before the file.
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file, file.name);
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { accept: "application/json", "x-csrf-token": await csrfToken() },
    body: form,
  });
  const data = response.headers.get("content-type")?.includes("json") ? await response.json() : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; code?: string; errors?: { field: string; detail: string }[] };
    const fieldErrors: Record<string, string> = {};
    for (const error of problem.errors ?? []) fieldErrors[error.field] ??= error.detail;
    throw new ApiError(response.status, problem.detail ?? "The file could not be sent. Please try again.", fieldErrors, problem.code);
  }
  return data as T;
}
