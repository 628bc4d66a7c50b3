/*
 * Turns JSON-schema (ajv) validation errors into field errors a person can
 * read. Schemas may carry their own message in `errorMessage`.
 */
import type { FastifySchemaValidationError } from "fastify";
import type { FieldError } from "./errors.ts";

type AjvError = FastifySchemaValidationError & { parentSchema?: { errorMessage?: string } };

/** One message per field: the first error ajv reports for it. */
export function fieldErrors(errors: AjvError[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const field = missing ?? (error.instancePath.replace(/^\//, "").replaceAll("/", ".") || "body");
    if (!byField.has(field)) byField.set(field, (!missing && error.parentSchema?.errorMessage) || humanMessage(error, missing));
  }
  return [...byField].map(([field, detail]) => ({ field, detail }));
}

function humanMessage(error: AjvError, missing: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  if (missing) return "This field is required.";
  switch (error.keyword) {
    case "format":
      return params.format === "email" ? "Enter a valid e-mail address, like name@hospital.eu." : `Enter a valid ${params.format}.`;
    case "minLength":
      return params.limit === 1 ? "This field is required." : `Use at least ${params.limit} characters.`;
    case "maxLength":
      return `Use at most ${params.limit} characters.`;
    case "enum":
    case "const":
      return "Choose one of the offered values.";
    case "type":
      return `Expected ${params.type}.`;
    case "additionalProperties":
      return `Unexpected field "${params.additionalProperty}".`;
    default:
      return error.message ?? "This value is not valid.";
  }
}
