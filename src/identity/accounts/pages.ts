/* Addresses of the identity pages that mails and other services link to. */
import type { Config } from "../../platform/config.ts";

export function identityPages(config: Config) {
  const base = config.urls.identity;
  return {
    signIn: `${base}/login`,
    lostPassword: `${base}/password/lost`,
    setPassword: (token: string) => `${base}/password/set?token=${encodeURIComponent(token)}`,
  };
}
