/*
 * Where to go after signing in or stepping up: only a path of this site.
 * "//host" and "/\host" are other sites to a browser, so they fall back to "/".
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
