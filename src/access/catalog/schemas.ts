/* Input schemas of the catalogue's routes: they bound shape and size, with the message a user reads. */
import { Type } from "typebox";

const ApplicationId = Type.String({ pattern: "^[A-Za-z0-9_-]{1,40}$", errorMessage: "Choose an application from the list." });

export const ApplicationParams = Type.Object({ id: ApplicationId });

export const ProfilesQuery = Type.Object(
  {
    provider: Type.Optional(
      Type.String({
        pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        errorMessage: "Choose a healthcare provider from the organisation step.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const PER_PAGE = [10, 25, 50, 100] as const;

export const OrganisationsQuery = Type.Object(
  {
    application: ApplicationId,
    ern: Type.Optional(Type.String({ minLength: 1, maxLength: 40, errorMessage: "An ERN is given by its code, like EURACAN." })),
    country: Type.Optional(Type.String({ pattern: "^[A-Za-z]{2}$", errorMessage: "A country is given by its two-letter code, like FR." })),
    search: Type.Optional(Type.String({ maxLength: 100, errorMessage: "Search with at most 100 characters." })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1, errorMessage: "The page is a whole number, 1 or more." }),
    perPage: Type.Unsafe<(typeof PER_PAGE)[number]>({
      type: "integer",
      enum: [...PER_PAGE],
      default: 25,
      errorMessage: "Show 10, 25, 50 or 100 records per page.",
    }),
  },
  { additionalProperties: false },
);
