/**
 * Errors as logged: a failed query's message and `params` carry the values
 * of the statement (link tokens, codes, hashes), so they are cut off.
 */
export function safeError(raw: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const error = raw as Error & { code?: string; cause?: { code?: string; message?: string } };
  return {
    type: error.constructor?.name ?? "Error",
    message: String(error.message).split("\nparams:")[0],
    stack: String(error.stack).split("\nparams:")[0],
    code: error.code ?? error.cause?.code,
    cause: error.cause?.message,
  };
}
