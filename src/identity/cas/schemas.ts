/* Query schemas of the CAS endpoints: the contract, the validation and the types. Other parameters are let through, as CAS clients add their own. */
import { Type } from "typebox";
import { SIGN_IN_ASKED } from "./sign-in-request.ts";

const ServiceUrl = Type.String({ minLength: 1, maxLength: 2048, errorMessage: "service must be a URL of at most 2048 characters." });
const Flag = Type.Optional(Type.String({ maxLength: 10 }));

export const LoginQuery = Type.Object({
  service: Type.Optional(ServiceUrl),
  renew: Flag,
  gateway: Flag,
  acceptStrengths: Type.Optional(Type.String({ maxLength: 300 })),
  authenticationLevel: Type.Optional(Type.String({ maxLength: 20 })),
  [SIGN_IN_ASKED]: Type.Optional(Type.String({ maxLength: 100 })),
});

export const LogoutQuery = Type.Object({ service: Type.Optional(ServiceUrl) });

export const ValidateQuery = Type.Object({
  service: Type.Optional(ServiceUrl),
  ticket: Type.Optional(Type.String({ maxLength: 256 })),
  renew: Flag,
  format: Type.Optional(Type.String({ maxLength: 10 })),
  pgtUrl: Type.Optional(Type.String({ maxLength: 2048 })),
});

/** A CAS flag is set when present with any value but "false" (`renew`, `renew=true`). */
export function isSet(flag: string | undefined): boolean {
  return flag !== undefined && flag.toLowerCase() !== "false";
}
