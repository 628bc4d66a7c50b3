/*
 * The requests-for-assistance API's input (contract.ts lists the routes and
 * the answers): each schema gives the type and the validation, with the
 * message a busy clinician reads next to the field. Rules that need the
 * database (an offered thematic area, the patient's own attachments, a due
 * date not in the past) are checked in submit.ts and assign.ts.
 */
import { type Static, Type } from "typebox";
import { REQUEST_STATUSES } from "./tables.ts";
import { SHAREABLE_SECTIONS, URGENCIES } from "../panels/tables.ts";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DAY_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

/** One of `values`, with the message shown when it is not. */
const oneOf = <T extends string>(values: readonly T[], errorMessage: string) => Type.Unsafe<T>({ type: "string", enum: [...values], errorMessage });

export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const RequestParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ErnParams = Type.Object({ ern: Type.String({ pattern: "^[A-Za-z0-9-]{2,32}$", errorMessage: "Choose an ERN by its code, such as EURACAN." }) });

export const NewRequestBody = Type.Object(
  {
    question: Type.String({
      minLength: 1,
      maxLength: 5000,
      pattern: "\\S",
      errorMessage: "Write the clinical question you ask the ERN, in at most 5,000 characters.",
    }),
    thematicAreaId: Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose the thematic area from the list." }),
    urgency: oneOf(URGENCIES, "Choose routine or urgent."),
    dueDate: Type.String({ pattern: DAY_PATTERN, errorMessage: "Enter the date you need the answer by as YYYY-MM-DD." }),
    sharedSections: Type.Array(oneOf(SHAREABLE_SECTIONS, "Choose the parts of the record to share from the list."), {
      minItems: 1,
      maxItems: SHAREABLE_SECTIONS.length,
      uniqueItems: true,
      errorMessage: "Choose at least one part of the record to share with the panel.",
    }),
    sharedFileIds: Type.Array(Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose the attachments from the patient's list." }), {
      maxItems: 50,
      uniqueItems: true,
      errorMessage: "Choose at most 50 of the patient's attachments, each once.",
    }),
  },
  { additionalProperties: false },
);
export type NewRequest = Static<typeof NewRequestBody>;

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(oneOf(REQUEST_STATUSES, "Show submitted, assigned, declined or withdrawn requests.")),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, errorMessage: "Pages are numbered from 1." })),
  },
  { additionalProperties: false },
);
export type QueueFilters = Static<typeof QueueQuery>;

export const LeadsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, errorMessage: "Search with at most 100 characters of a name." })),
    area: Type.Optional(Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose the thematic area from the list." })),
  },
  { additionalProperties: false },
);

export const AssignBody = Type.Object(
  {
    leadSub: Type.String({ minLength: 1, maxLength: 255, errorMessage: "Choose the panel lead from the list of HPs." }),
    note: Type.Optional(Type.String({ maxLength: 1000, errorMessage: "Keep the note to the lead to at most 1000 characters." })),
  },
  { additionalProperties: false },
);
export type Assignment = Static<typeof AssignBody>;

export const DeclineBody = Type.Object(
  {
    reason: Type.String({
      minLength: 3,
      maxLength: 1000,
      pattern: "\\S",
      errorMessage: "Tell the clinician why the request is declined, in 3 to 1000 characters.",
    }),
  },
  { additionalProperties: false },
);
