/* Input schemas of the security-key endpoints: the contract, the validation and the types. */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { Type } from "typebox";
import { NAME_MAX_LENGTH } from "./tables.ts";

const Name = Type.String({
  minLength: 1,
  maxLength: NAME_MAX_LENGTH,
  pattern: "\\S",
  errorMessage: `Enter a name of 1 to ${NAME_MAX_LENGTH} characters, like “My laptop” or “Blue key”.`,
});

/** What the browser's WebAuthn call produced; its fields are checked by the verifier, not here. */
const CredentialResponse = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 1400 }), response: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true, errorMessage: "The answer from your security key is missing. Please try again." },
);

export const KeyNameBody = Type.Object({ name: Name }, { additionalProperties: false });

export const AddKeyBody = Type.Object({ name: Name, response: CredentialResponse }, { additionalProperties: false });

/** Optional: Fastify validates a DELETE without a body as null. */

export const KeyParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The shapes above are checked loosely on purpose: the WebAuthn verifier reads every field. */
export const asRegistrationResponse = (response: unknown) => response as RegistrationResponseJSON;
export const asAuthenticationResponse = (response: unknown) => response as AuthenticationResponseJSON;
