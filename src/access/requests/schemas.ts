/*
 * Input schemas of the requester's routes. They bound shape and size; the
 * domain functions judge the values and name the field that is wrong.
 */
import { Type } from "typebox";
import type { NewRequest } from "../contract.ts";

const Uuid = Type.String({
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  errorMessage: "Select an access profile from the list.",
});

export const NewRequestBody = Type.Unsafe<NewRequest>(
  Type.Object(
    {
      applicationId: Type.String({ minLength: 1, maxLength: 64, errorMessage: "Select an application in Step 1." }),
      organisation: Type.Object(
        {
          kind: Type.Union([Type.Literal("ern"), Type.Literal("country"), Type.Literal("provider")]),
          id: Type.String({ minLength: 1, maxLength: 200 }),
        },
        { additionalProperties: false, errorMessage: "Select your healthcare provider in Step 2." },
      ),
      profileIds: Type.Array(Uuid, {
        minItems: 1,
        maxItems: 20,
        uniqueItems: true,
        errorMessage: "Select at least one access profile in Step 3.",
      }),
      comment: Type.String({ maxLength: 2000, errorMessage: "Keep the comments to at most 2000 characters." }),
    },
    { additionalProperties: false },
  ),
);

export const RightParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const DeletionBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000, errorMessage: "Keep the reason to at most 1000 characters." })) },
  { additionalProperties: false },
);
