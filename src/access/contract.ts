/*
 * The shapes the access API answers with, shared by its routes and its web
 * pages (types only). Every route needs a signed-in user unless noted;
 * errors are problem+json with `detail` for the user and `errors[]` per field.
 */
import type { RightStatus } from "./requests/tables.ts";

export type { RightStatus };

/* ---- catalogue (catalog/routes.ts) ---- */

/** GET /api/applications → { applications } */
export type ApplicationSummary = { id: string; name: string; description: string };

/**
 * GET /api/applications/:id/profiles[?provider=UUID] → { application, profiles }.
 * `status` is the user's own right at that provider when there is an open one
 * ("requested", "granted", "deletion_requested"), otherwise the profile's ("active").
 */
export type ProfileSummary = { id: string; name: string; description: string; status: "active" | "inactive" | RightStatus };

export type OrganisationKind = "ern" | "country" | "provider";

/** A row of the wizard's organisation table (step 2). */
export type OrganisationRow = {
  kind: OrganisationKind;
  /** The ERN's code, "ERN/COUNTRY" (e.g. "EURACAN/FR") for a country, the provider's UUID. */
  id: string;
  /** "EURACAN - Adult Cancers", "France", "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière". */
  label: string;
  /** Where the row sits, for search results across the tree: "EURACAN - Adult Cancers / France". Empty for ERNs. */
  path: string;
  ernCode: string;
  countryCode: string | null;
  /** Shown when the row's "Details" is opened. */
  details: { label: string; value: string }[];
  /** The user already has an open request or right there (for this application): "(request submitted)". */
  requestSubmitted: boolean;
  /** Only ERN and country rows can be opened. */
  canOpen: boolean;
};

/**
 * GET /api/organisations?application=CPMS[&ern=EURACAN[&country=FR]][&search=text][&page=1][&perPage=25]
 * Without search: the children of the given node. With search: matching rows
 * under the node (names and codes of ERNs, countries and providers; providers
 * across the whole subtree). perPage is 10, 25, 50 or 100.
 */
export type OrganisationPage = {
  /** Breadcrumbs after "← Up": [] at the top, then the ERN, then the country. */
  trail: { kind: "ern" | "country"; id: string; label: string }[];
  rows: OrganisationRow[];
  total: number;
  page: number;
  perPage: number;
};

/* ---- the requester (requests/routes.ts) ---- */

export type OrganisationRef = { kind: OrganisationKind; id: string };

export type RightView = {
  id: string;
  submissionId: string;
  application: { id: string; name: string };
  profile: { id: string; name: string };
  organisation: {
    ernCode: string;
    ernName: string;
    countryCode: string;
    countryName: string;
    providerId: string;
    providerCode: string;
    providerName: string;
    /** "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière" */
    label: string;
  };
  status: RightStatus;
  comment: string;
  decisionReason: string | null;
  decidedByName: string | null;
  requestedAt: string;
  decidedAt: string | null;
  requester: { sub: string; name: string; email: string };
};

/**
 * POST /api/requests { applicationId, organisation: OrganisationRef, profileIds: string[], comment }
 * → 201 { submissionId, rights: RightView[], message }.
 * An ERN or a country as organisation is refused (400, field "organisation")
 * with what to do instead; so is a profile already requested or held there.
 */
export type NewRequest = { applicationId: string; organisation: OrganisationRef; profileIds: string[]; comment: string };

/** GET /api/rights → { rights: RightView[] } (the user's own, newest first). */
/** POST /api/rights/:id/deletion { reason? } → { right, message }: a granted right becomes "deletion_requested". */
/** POST /api/rights/:id/withdraw → { right, message }: a pending request becomes "withdrawn". */

/** GET /api/rights/:id/history → { right, events } for its holder and the approvers in scope. */
export type RightEventView = {
  at: string;
  actorName: string;
  action: string;
  fromStatus: RightStatus | null;
  toStatus: RightStatus;
  reason: string | null;
};

/** GET /api/me → who is signed in and what they may approve. */
export type Me = {
  user: { sub: string; name: string; email: string | null; acr: string; amr: string[]; authTime: string | null };
  /** null when the user approves nothing. */
  approver: { global: boolean; erns: { code: string; name: string; role: "coordinator" | "helpdesk" }[] } | null;
};

/* ---- approvers (approvals/routes.ts) ---- */

/**
 * GET /api/approvals?status=pending|requested|deletion_requested|granted|rejected|withdrawn|revoked|all
 *   &ern=&country=&profile=PROFILE_UUID&application=&olderThanHours=&search=&page=&perPage=
 * Only rights the approver may decide (their ERNs, or all for the global
 * helpdesk); never their own. status defaults to "pending" (requested and
 * deletion_requested).
 */
export type ApprovalRow = RightView & {
  /** Business hours (weekends excluded, UTC) since the request, or since the deletion request; for a decided right, until its decision. */
  ageHours: number;
  overdue: boolean;
};

export type ApprovalQueue = {
  rows: ApprovalRow[];
  total: number;
  page: number;
  perPage: number;
  targetHours: number;
  /** The choices for the filters, within the approver's scope. */
  filters: {
    erns: { code: string; name: string }[];
    countries: { code: string; name: string }[];
    profiles: { id: string; name: string; application: string }[];
  };
};

/**
 * POST /api/approvals/decisions { rightIds: string[], decision: "approve" | "reject", reason?: string }
 * → { decided: RightView[], message }. A reason is required to reject. On a
 * pending request, approve grants and reject rejects; on a deletion request,
 * approve revokes the right and reject keeps it granted. All or nothing: one
 * right outside the approver's scope, their own, or not pending refuses the lot.
 * Each requester is mailed the decision.
 */
export type Decision = { rightIds: string[]; decision: "approve" | "reject"; reason?: string };
