/* Input and output schemas of the terminology routes: they bound shape and size, with the message a user reads. */
import { Type } from "typebox";
import { MAX_SEARCH_LIMIT } from "./lookup.ts";

const System = Type.Unsafe<"HPO" | "ORPHA" | "ICD10">({
  type: "string",
  enum: ["HPO", "ORPHA", "ICD10"],
  errorMessage: "Choose a terminology: HPO, ORPHA or ICD10.",
});

export const TermsQuery = Type.Object(
  {
    system: System,
    q: Type.String({ minLength: 1, maxLength: 100, errorMessage: "Type 1 to 100 characters to search." }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 20, errorMessage: `Ask for 1 to ${MAX_SEARCH_LIMIT} terms.` }),
  },
  { additionalProperties: false },
);

export const TermParams = Type.Object({
  system: System,
  code: Type.String({ minLength: 1, maxLength: 20, errorMessage: "A code has at most 20 characters, like HP:0001250, ORPHA:558 or C49.9." }),
});

const TermOut = Type.Object({
  system: Type.String(),
  code: Type.String(),
  label: Type.String(),
  synonyms: Type.Array(Type.String()),
  icd10: Type.Optional(Type.Array(Type.String())),
});

export const TermsReply = Type.Object({ terms: Type.Array(TermOut) });

export const TermReply = Type.Object({
  ...TermOut.properties,
  isObsolete: Type.Boolean(),
  replacedBy: Type.Union([Type.String(), Type.Null()]),
});
