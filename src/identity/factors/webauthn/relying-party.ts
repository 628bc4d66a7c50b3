/*
 * Who we are to authenticators: the relying party.
 * - the origin is the identity service's public URL (IDENTITY_URL), exactly
 *   as browsers reach it; answers made on any other origin are refused;
 * - the RP ID is that URL's hostname, so keys registered on it work for it
 *   (and only it);
 * - the key algorithms are the widely supported EdDSA, ES256 and RS256,
 *   named here so that adding and verifying agree, and so that the
 *   verifier's experimental post-quantum default (ML-DSA, when the runtime
 *   has it) is not offered before it is settled.
 */
import type { Config } from "../../../platform/config.ts";

export const RP_NAME = "OpenCPMS Login";

/** COSE algorithm ids: EdDSA, ES256, RS256. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

export type RelyingParty = { name: string; id: string; origin: string };

export function relyingParty(config: Config): RelyingParty {
  return { name: RP_NAME, id: new URL(config.urls.identity).hostname, origin: config.urls.identity };
}
