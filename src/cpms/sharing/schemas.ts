/*
 * The sharing API's contract (schemas give the types and the validation):
 * - POST /api/patients/:id/shares { with, ernCode, reason } → 201 { share, message }
 * - GET /api/patients/:id/shares → { shares } (open and revoked, newest first)
 * - DELETE /api/patients/:id/shares/:shareId { reason } → { share, message }
 * - GET /api/directory?q=&ern= → { people, providers }: whom a patient can be
 *   shared with — members with a clinical profile (name, profiles, HCP, ERN;
 *   no e-mail) and healthcare providers.
 */
import { type Static, Type } from "typebox";

const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const ERN_CODE = Type.String({ pattern: "^[A-Za-z0-9-]{2,32}$", errorMessage: "Choose an ERN by its code, such as EURACAN." });

export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const ShareParams = Type.Object({ id: Type.String({ maxLength: 64 }), shareId: Type.String({ maxLength: 64 }) });

export const NewShareBody = Type.Object(
  {
    with: Type.Union(
      [
        Type.Object(
          { kind: Type.Literal("user"), sub: Type.String({ minLength: 1, maxLength: 255, errorMessage: "Choose a member from the directory." }) },
          { additionalProperties: false },
        ),
        Type.Object(
          { kind: Type.Literal("hcp"), providerId: Type.String({ pattern: UUID_PATTERN, errorMessage: "Choose a healthcare provider from the directory." }) },
          { additionalProperties: false },
        ),
      ],
      { errorMessage: "Choose a member or a healthcare provider to share with." },
    ),
    ernCode: ERN_CODE,
    reason: Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S", errorMessage: "Give the reason for sharing, in at most 1000 characters." }),
  },
  { additionalProperties: false },
);
export type NewShare = Static<typeof NewShareBody>;

export const RevokeBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: "\\S", errorMessage: "Give the reason for revoking, in at most 1000 characters." }) },
  { additionalProperties: false },
);

export type ShareView = {
  id: string;
  kind: "user" | "hcp";
  /** The member's sub (kind "user") or the provider's id (kind "hcp"). */
  targetId: string;
  targetName: string;
  ernCode: string;
  reason: string;
  sharedByName: string;
  sharedAt: string;
  revokedAt: string | null;
  revokedByName: string | null;
  revokeReason: string | null;
};

export const DirectoryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, errorMessage: "Search with at most 100 characters." })),
    ern: Type.Optional(ERN_CODE),
  },
  { additionalProperties: false },
);

export type DirectoryPerson = {
  sub: string;
  name: string;
  memberships: { profile: string; ernCode: string; ernName: string; countryName: string; providerId: string; providerName: string }[];
};
export type DirectoryProvider = { providerId: string; providerCode: string; providerName: string; ernCode: string; ernName: string; countryName: string };
