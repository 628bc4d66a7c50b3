/*
 * The input of the panels and members routes (contract.ts gives the
 * answers): TypeBox schemas give the types and the validation, each field
 * with its own message. What a schema cannot know — a due date today or
 * later, a thematic area offered in the patient's ERN — is checked by the
 * domain functions (panel-input.ts), still as a 400 on the field.
 */
import { type Static, Type } from "typebox";
import { PANEL_STATUSES, SHAREABLE_SECTIONS, URGENCIES } from "./tables.ts";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DAY_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";
const ERN_CODE = Type.String({ pattern: "^[A-Za-z0-9-]{2,32}$", errorMessage: "Choose an ERN by its code, such as EURACAN." });

/** Ids in the path are checked by the access checks (a wrong one is 404, as for anything the user may not see). */
export const PanelParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const MemberParams = Type.Object({ id: Type.String({ maxLength: 64 }), sub: Type.String({ minLength: 1, maxLength: 255 }) });

/** One of `values`, with one message for any other. */
const oneOf = <T extends string>(values: readonly T[], errorMessage: string) => Type.Unsafe<T>({ type: "string", enum: [...values], errorMessage });

const fields = {
  title: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S", errorMessage: "Give the panel a title of at most 200 characters." }),
  question: Type.String({ minLength: 1, maxLength: 5000, pattern: "\\S", errorMessage: "Write the clinical question, in at most 5,000 characters." }),
  thematicAreaId: Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose one of the ERN's thematic areas." }),
  urgency: oneOf(URGENCIES, "Choose routine or urgent."),
  dueDate: Type.String({ pattern: DAY_PATTERN, errorMessage: "Give the due date as YYYY-MM-DD, today or later." }),
  sharedSections: Type.Array(oneOf(SHAREABLE_SECTIONS, "Choose sections of the record from the list."), {
    minItems: 1,
    maxItems: SHAREABLE_SECTIONS.length,
    uniqueItems: true,
    errorMessage: "Share at least one section of the record, each once.",
  }),
  sharedFileIds: Type.Array(Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose the attachments from the patient's list." }), {
    maxItems: 100,
    errorMessage: "Share at most 100 attachments, chosen from the patient's list.",
  }),
};

export const NewPanelBody = Type.Object(
  {
    title: fields.title,
    question: fields.question,
    thematicAreaId: fields.thematicAreaId,
    urgency: fields.urgency,
    dueDate: fields.dueDate,
    sharedSections: fields.sharedSections,
    sharedFileIds: Type.Optional(fields.sharedFileIds),
  },
  { additionalProperties: false },
);
export type NewPanelInput = Static<typeof NewPanelBody>;

export const PanelChangesBody = Type.Object(
  {
    title: Type.Optional(fields.title),
    question: Type.Optional(fields.question),
    thematicAreaId: Type.Optional(fields.thematicAreaId),
    urgency: Type.Optional(fields.urgency),
    dueDate: Type.Optional(fields.dueDate),
    sharedSections: Type.Optional(fields.sharedSections),
    sharedFileIds: Type.Optional(fields.sharedFileIds),
  },
  { additionalProperties: false },
);
export type PanelChangesInput = Static<typeof PanelChangesBody>;

export const PANEL_LIST_ROLES = ["leading", "member", "invited", "managing", "all"] as const;
export type PanelListRole = (typeof PANEL_LIST_ROLES)[number];

export const PanelListQuery = Type.Object(
  {
    role: Type.Optional(oneOf(PANEL_LIST_ROLES, "Show the panels you lead, are a member of, are invited to, manage, or all.")),
    status: Type.Optional(oneOf(PANEL_STATUSES, "Choose a status: draft, open, awaiting outcome or closed.")),
    ern: Type.Optional(ERN_CODE),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, errorMessage: "Pages are numbered from 1." })),
  },
  { additionalProperties: false },
);
export type PanelListFilters = Static<typeof PanelListQuery>;

export const SuggestionsQuery = Type.Object({ ern: Type.Optional(ERN_CODE) }, { additionalProperties: false });

export const InvitationBody = Type.Object(
  {
    invitees: Type.Array(
      Type.Object(
        {
          sub: Type.String({ minLength: 1, maxLength: 255, errorMessage: "Choose a member from the suggestions or the directory." }),
          ernCode: ERN_CODE,
          viaThematicArea: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50, errorMessage: "Invite between 1 and 50 people at a time." },
    ),
    note: Type.Optional(Type.String({ maxLength: 1000, errorMessage: "Keep the note to at most 1000 characters." })),
  },
  { additionalProperties: false },
);
export type InvitationInput = Static<typeof InvitationBody>;

export const InvitationAnswerBody = Type.Object(
  {
    accept: Type.Boolean({ errorMessage: "Accept or decline the invitation." }),
    reason: Type.Optional(Type.String({ maxLength: 500, errorMessage: "Give the reason in at most 500 characters." })),
  },
  { additionalProperties: false },
);
export type InvitationAnswer = Static<typeof InvitationAnswerBody>;

export const MemberRemovalBody = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 500, pattern: "\\S", errorMessage: "Give the reason for removing this member, in 3 to 500 characters." }),
  },
  { additionalProperties: false },
);
