/*
 * Caps the account mails (registration, new link, reset) sent to one address:
 * past the cap the request still gets its usual answer, but no mail leaves.
 */
import type { Db } from "../../platform/db/database.ts";
import { sha256 } from "../../platform/crypto.ts";
import { hit } from "../../platform/http/rate-limit-store.ts";
import { rateLimits } from "../pg-schema.ts";

export const MAILS_PER_HOUR = 5;

export async function mayMailAddress(tx: Db, email: string): Promise<boolean> {
  const { count } = await hit(tx, rateLimits, `account-mail:${sha256(email)}`, 3_600_000);
  return count <= MAILS_PER_HOUR;
}
