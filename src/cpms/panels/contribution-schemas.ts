/*
 * The contributions, thread and reminders API's input (contract.ts has the
 * views): TypeBox schemas give the validation and the field messages.
 * - a contribution: assessment, suggested investigations, recommendation,
 *   each at most 20,000 characters, up to 10 attachments; submitting needs
 *   a recommendation (checked in contributions.ts, on "recommendation");
 * - a message: 1 to 10,000 characters, a plain message or a request to the
 *   lead for more information, optionally a reply to a message of the same
 *   panel, up to 10 attachments.
 */
import { type Static, Type } from "typebox";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const MAX_CONTRIBUTION_TEXT = 20_000;
export const MAX_MESSAGE = 10_000;
export const MAX_ATTACHMENTS = 10;

export const PanelParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const Attachments = Type.Array(Type.String({ pattern: UUID_PATTERN, errorMessage: "Attach files uploaded for this panel." }), {
  maxItems: MAX_ATTACHMENTS,
  errorMessage: `Attach at most ${MAX_ATTACHMENTS} files.`,
});

const contributionText = (what: string) => Type.String({ maxLength: MAX_CONTRIBUTION_TEXT, errorMessage: `Keep the ${what} to at most 20,000 characters.` });

export const ContributionBody = Type.Object(
  {
    assessment: contributionText("assessment"),
    investigations: contributionText("suggested investigations"),
    recommendation: contributionText("recommendation"),
    attachmentIds: Type.Optional(Attachments),
    submit: Type.Boolean({ errorMessage: "Say whether to submit the contribution or save it as a draft." }),
  },
  { additionalProperties: false },
);
export type ContributionBodyInput = Static<typeof ContributionBody>;

export const MessageBody = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: MAX_MESSAGE,
      pattern: "\\S",
      errorMessage: "Write a message of at most 10,000 characters.",
    }),
    kind: Type.Optional(
      Type.Union([Type.Literal("message"), Type.Literal("info_request")], { errorMessage: "Post a message or a request for more information." }),
    ),
    replyTo: Type.Optional(Type.String({ pattern: UUID_PATTERN, errorMessage: "Reply to a message of this panel's discussion." })),
    attachmentIds: Type.Optional(Attachments),
  },
  { additionalProperties: false },
);
export type MessageBodyInput = Static<typeof MessageBody>;
