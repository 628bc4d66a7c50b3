/*
 * The API's input schemas and its answers (TypeBox): the answers are also
 * the routes' response schemas, so nothing else leaves the server.
 */
import { type Static, Type } from "typebox";

export const MAX_SUBS = 500;
export const MAX_PAGE = 500;

const Application = Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$", errorMessage: "Name the application, e.g. application=CPMS." });
const Sub = Type.String({ minLength: 1, maxLength: 255, errorMessage: "A sub is identity's id of a user: 1 to 255 characters." });

export const AuthorizationsQuery = Type.Object(
  {
    application: Application,
    sub: Type.Optional(Sub),
    changedSince: Type.Optional(
      Type.String({ maxLength: 40, pattern: "^\\d{4}-\\d\\d-\\d\\dT", errorMessage: "changedSince is an ISO 8601 time, e.g. 2026-01-31T00:00:00Z." }),
    ),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300, errorMessage: "This cursor is not one the API gave: start again from changedSince." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, errorMessage: `limit is a number from 1 to ${MAX_PAGE}.` })),
  },
  { additionalProperties: false },
);

export const BulkQueryBody = Type.Object(
  {
    application: Application,
    subs: Type.Array(Sub, { minItems: 1, maxItems: MAX_SUBS, errorMessage: `Send from 1 to ${MAX_SUBS} subs.` }),
  },
  { additionalProperties: false },
);

const Named = { code: Type.String(), name: Type.String() };

const authorization = {
  rightId: Type.String(),
  /** "granted", or "deletion_requested": still held until an approver removes it. */
  status: Type.Union([Type.Literal("granted"), Type.Literal("deletion_requested"), Type.Literal("revoked")]),
  profile: Type.Object({ id: Type.String(), name: Type.String() }),
  ern: Type.Object(Named),
  country: Type.Object(Named),
  provider: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), guest: Type.Boolean() }),
  grantedSince: Type.Union([Type.String(), Type.Null()]),
};
export const AuthorizationSchema = Type.Object(authorization);
export type Authorization = Static<typeof AuthorizationSchema>;

/** GET /api/v1/authorizations?sub=…&application=… */
export const UserAuthorizations = Type.Object({
  sub: Type.String(),
  application: Type.String(),
  authorizations: Type.Array(AuthorizationSchema),
});
export type UserAuthorizations = Static<typeof UserAuthorizations>;

/** POST /api/v1/authorizations/query */
export const BulkAuthorizations = Type.Object({
  application: Type.String(),
  users: Type.Array(Type.Object({ sub: Type.String(), authorizations: Type.Array(AuthorizationSchema) })),
});
export type BulkAuthorizations = Static<typeof BulkAuthorizations>;

/** GET /api/v1/authorizations?application=…&changedSince=…|cursor=… */
export const AuthorizationChangeSchema = Type.Object({ ...authorization, sub: Type.String(), held: Type.Boolean(), changedAt: Type.String() });
export type AuthorizationChange = Static<typeof AuthorizationChangeSchema>;
export const AuthorizationChanges = Type.Object({
  application: Type.String(),
  changes: Type.Array(AuthorizationChangeSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  hasMore: Type.Boolean(),
});
export type AuthorizationChanges = Static<typeof AuthorizationChanges>;
