/* A field's message from an ApiError, whether the server named the field ("redirectUris") or one of its items ("redirectUris.2"). */
import type { ApiError } from "../../../ui/api.ts";

export function fieldError(error: ApiError | null, field: string): string | undefined {
  if (!error) return undefined;
  const key = Object.keys(error.fieldErrors).find((name) => name === field || name.startsWith(`${field}.`));
  return key && error.fieldErrors[key];
}

/** The same error without that field's messages, once the user has edited it. */
export function withoutField(error: ApiError | null, field: string): ApiError | null {
  let rest = error;
  for (const name of Object.keys(error?.fieldErrors ?? {})) {
    if (name === field || name.startsWith(`${field}.`)) rest = rest?.without(name) ?? null;
  }
  return rest;
}

/** Whether the error names none of the form's fields: then it is shown above the form. */
export function isAboutNoField(error: ApiError, fields: string[]): boolean {
  return !fields.some((field) => fieldError(error, field));
}
