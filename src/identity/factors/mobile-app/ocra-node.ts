/* OCRA's HMAC on node:crypto, for a secret held in memory (the service, the command). */
import { createHmac } from "node:crypto";
import type { Hmac } from "./ocra.ts";

export function nodeHmac(secret: Uint8Array): Hmac {
  return async (hash, data) => new Uint8Array(createHmac(hash.replace("SHA", "sha"), secret).update(data).digest());
}
