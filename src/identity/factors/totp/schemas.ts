/* Input schemas of the authenticator-app endpoints: the contract, the validation and the types. */
import { Type } from "typebox";

export const AddAppBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 60,
      pattern: "\\S",
      errorMessage: "Give this app a name of at most 60 characters, such as “Phone”, so you can tell your apps apart.",
    }),
  },
  { additionalProperties: false },
);

export const AppParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ConfirmAppBody = Type.Object(
  { code: Type.String({ maxLength: 20, errorMessage: "Type the 6-digit code your authenticator app shows." }) },
  { additionalProperties: false },
);
