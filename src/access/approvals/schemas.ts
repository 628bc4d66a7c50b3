/* Input schemas of the approvers' routes: the queue's filters and a decision. */
import { Type } from "typebox";
import type { Decision } from "../contract.ts";
import { QUEUE_STATUSES } from "./queue.ts";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(
        QUEUE_STATUSES.map((status) => Type.Literal(status)),
        { errorMessage: `Choose a status: ${QUEUE_STATUSES.join(", ")}.` },
      ),
    ),
    ern: Type.Optional(Type.String({ maxLength: 32 })),
    country: Type.Optional(Type.String({ maxLength: 8 })),
    profile: Type.Optional(Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose an access profile from the list." })),
    application: Type.Optional(Type.String({ maxLength: 64 })),
    olderThanHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, errorMessage: "Give the age as a whole number of hours." })),
    search: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, errorMessage: "Pages are numbered from 1." })),
    perPage: Type.Optional(
      Type.Union([Type.Literal(10), Type.Literal(25), Type.Literal(50), Type.Literal(100)], { errorMessage: "Show 10, 25, 50 or 100 records per page." }),
    ),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Unsafe<Decision>(
  Type.Object(
    {
      rightIds: Type.Array(Type.String({ pattern: UUID_PATTERN }), {
        minItems: 1,
        maxItems: 200,
        errorMessage: "Select from 1 to 200 requests.",
      }),
      decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")], { errorMessage: "Choose approve or reject." }),
      reason: Type.Optional(Type.String({ maxLength: 1000, errorMessage: "Keep the reason to at most 1000 characters." })),
    },
    { additionalProperties: false },
  ),
);
