/* Input schemas of the mobile phone endpoints: the contract, the validation and the types. */
import { Type } from "typebox";
import { FORMAT_MESSAGE } from "./phone-number.ts";

export const AddPhoneBody = Type.Object(
  { number: Type.String({ minLength: 1, maxLength: 40, errorMessage: FORMAT_MESSAGE }) },
  { additionalProperties: false },
);

export const PhoneParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const VerifyPhoneBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40, errorMessage: "Enter the challenge code from the text message, like K7QF-M2XP." }) },
  { additionalProperties: false },
);

export const RemovePhoneQuery = Type.Object({ confirmLastFactor: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
