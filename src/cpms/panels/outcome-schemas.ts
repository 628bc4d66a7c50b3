/*
 * The input of the outcome and panel-file routes (contract.ts, "Outcome"
 * and "Files"): each schema gives the type and the validation, with the
 * message a busy doctor reads next to the field.
 */
import { type Static, Type } from "typebox";

export const PanelParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const PanelFileParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });

const text = (maxLength: number, what: string) =>
  Type.String({ maxLength, errorMessage: `${what} may have at most ${maxLength.toLocaleString("en")} characters.` });

export const OutcomeBody = Type.Object(
  {
    summary: text(10_000, "The summary"),
    recommendation: text(20_000, "The recommendation"),
    investigations: text(10_000, "The investigations"),
    followUp: text(5_000, "The follow-up"),
  },
  { additionalProperties: false },
);
export type OutcomeBody = Static<typeof OutcomeBody>;

export const AgreementBody = Type.Object(
  {
    agrees: Type.Boolean({ errorMessage: "Say whether you agree with the outcome." }),
    comment: Type.Optional(text(2_000, "The comment")),
  },
  { additionalProperties: false },
);
export type AgreementBody = Static<typeof AgreementBody>;

export const CloseBody = Type.Object(
  { confirmFewContributions: Type.Optional(Type.Boolean({ errorMessage: "Confirm with true or false." })) },
  { additionalProperties: false },
);
export type CloseBody = Static<typeof CloseBody>;

export const ReopenBody = Type.Object(
  {
    reason: Type.String({
      minLength: 3,
      maxLength: 500,
      pattern: "\\S",
      errorMessage: "Give the reason for reopening the panel, in 3 to 500 characters.",
    }),
  },
  { additionalProperties: false },
);
export type ReopenBody = Static<typeof ReopenBody>;
