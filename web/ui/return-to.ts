/*
 * Where to go after signing in or stepping up: only a path of this site.
 * "//host" and "/\host" are other sites to a browser, so they fall back to "/".
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}

/** Paths the server answers (OpenID Connect and CAS hand the user back to an application): a full page load, not the app's router. */
const SERVER_PATHS = ["/oidc/", "/cas/"];

/** Goes to a safe return path: inside the app with its router, to a server path with a page load. */
export function goToReturnTo(navigate: (path: string) => void, value: string | null | undefined): void {
  const path = safeReturnTo(value);
  if (SERVER_PATHS.some((prefix) => path.startsWith(prefix))) window.location.assign(path);
  else navigate(path);
}
