/*
 * The panels API, as the web pages use it (types only). Every route needs a
 * signed-in CPMS member; a panel the user may not see is 404 "Not found or
 * no access." (panel-access.ts decides); an action the panel's status does
 * not allow is 409 with `code: "illegal_transition"` (state-machine.ts);
 * wrong input is 400 problem+json with `errors[]` per field. Dates are
 * "YYYY-MM-DD", times ISO 8601.
 *
 * Panels (routes.ts)
 *   POST   /api/patients/:id/panels           NewPanel → 201 { panel: PanelView, message }   (an HP who may change the record; consent for care must stand)
 *   GET    /api/patients/:id/panels           → { panels: PanelSummary[] }                    (who may read the patient: the panels on them)
 *   GET    /api/panels?role=&status=&ern=&page= → PanelList                                 (my panels)
 *   GET    /api/panels/:id                    → { panel: PanelView }                          (audited "panel.read" when it shows patient data)
 *   PATCH  /api/panels/:id                    PanelChanges → { panel, message }               (manage; draft or open)
 *   DELETE /api/panels/:id                    → { message }                                   (lead; draft only)
 *   POST   /api/panels/:id/open               → { panel, message }                            (manage; draft → open; invitations go out)
 * Members (members.ts)
 *   GET    /api/panels/:id/suggestions?ern=   → { suggestions: Suggestion[] }                 (manage: the HPs who chose the panel's thematic area; ?ern=OTHER for another ERN's area of the same name)
 *   POST   /api/panels/:id/members            Invitation → 201 { members: MemberView[], message }  (manage; one or many)
 *   POST   /api/panels/:id/invitation         { accept: boolean, reason? } → { panel, message } (the invitee)
 *   DELETE /api/panels/:id/members/:sub       { reason } → { message }                        (manage; not the lead)
 * Contributions, thread, reminders (contributions.ts)
 *   PUT    /api/panels/:id/contribution       ContributionInput → { contribution, message }   (member or lead; open)
 *   POST   /api/panels/:id/messages           MessageInput → 201 { message: MessageView }     (member; open or awaiting outcome)
 *   POST   /api/panels/:id/reminders          → { reminded: number, message }                 (manage; open; at most once an hour)
 * Outcome (outcome.ts)
 *   GET    /api/panels/:id/outcome/draft      → { outcome: OutcomeInput }                     (manage: a draft built from the contributions)
 *   PUT    /api/panels/:id/outcome            OutcomeInput → { outcome: OutcomeView, message }  (manage; open or awaiting outcome, unsigned)
 *   POST   /api/panels/:id/outcome/agreement-request → { panel, message }                     (manage; open → awaiting_outcome)
 *   POST   /api/panels/:id/outcome/back       → { panel, message }                            (manage; awaiting_outcome → open; unsigned)
 *   POST   /api/panels/:id/outcome/agreement  { agrees: boolean, comment? } → { outcome, message } (member; awaiting outcome)
 *   POST   /api/panels/:id/outcome/sign       → { panel, message }                            (lead only; awaiting outcome)
 *   POST   /api/panels/:id/close              { confirmFewContributions?: boolean } → { panel, message }  (manage; signed outcome; fewer than two submitted contributions: 409 code "few_contributions" unless confirmed)
 *   POST   /api/panels/:id/reopen             { reason } → { panel, message }                 (lead; closed → open; audited)
 *   GET    /api/panels/:id/outcome.pdf        → application/pdf                               (member; the signed outcome; audited)
 *   GET    /api/patients/:id/panel-outcomes   → { outcomes: PatientOutcome[] }                (who may read the patient: signed outcomes stay with the patient)
 * Files (files.ts)
 *   GET    /api/panels/:id/files/:fileId      → the file (member; shared record attachments and contribution files; audited)
 *   Contribution and message attachments are staged with POST /api/uploads (kind "panel_file") and named in attachmentIds.
 *
 * Requests for assistance (../assistance/contract.ts) and notifications
 * (../notifications/contract.ts) have their own contracts.
 */
import type { PatientRecord } from "../patients/contract.ts";
import type { MemberRole, MemberStatus, MessageKind, OutcomeStatus, PanelStatus, ShareableSection, Urgency } from "./tables.ts";
import type { PanelAction } from "./state-machine.ts";
import type { PanelRole } from "./panel-access.ts";

export type { MemberRole, MemberStatus, MessageKind, OutcomeStatus, PanelAction, PanelRole, PanelStatus, ShareableSection, Urgency };

export type NewPanel = {
  /** A short title ("Unresectable retroperitoneal sarcoma: neoadjuvant options?"), at most 200 characters. */
  title: string;
  /** The clinical question, at most 5,000 characters. */
  question: string;
  /** One of the ERN's offered thematic areas. */
  thematicAreaId: string;
  urgency: Urgency;
  /** Today or later. */
  dueDate: string;
  /** The sections of the record the panel shares (at least one). */
  sharedSections: ShareableSection[];
  /** The patient's attachments the panel shares (ids from the attachments API). */
  sharedFileIds: string[];
};

export type PanelChanges = Partial<NewPanel>;

export type PanelSummary = {
  id: string;
  reference: string;
  ernCode: string;
  patientId: string;
  pseudonym: string;
  title: string;
  thematicAreaName: string;
  urgency: Urgency;
  dueDate: string;
  status: PanelStatus;
  /** Due date passed and not closed. */
  overdue: boolean;
  leadName: string;
  /** The user's place: lead, member, manager, invitee. */
  role: PanelRole;
  members: number;
  /** Submitted contributions. */
  contributions: number;
  createdAt: string;
  closedAt: string | null;
};

/** GET /api/panels: role = "leading" | "member" | "invited" | "managing" | "all" (default "all"); status = a PanelStatus; overdue first, then urgent, then due date. */
export type PanelList = {
  rows: PanelSummary[];
  total: number;
  page: number;
  perPage: number;
  counts: Record<PanelStatus, number> /** Overdue panels over the role and ERN filters (any status filter aside). */;
  overdue: number;
};

export type MemberView = {
  sub: string;
  name: string;
  role: MemberRole;
  status: MemberStatus;
  ernCode: string;
  providerLabel: string;
  countryCode: string;
  viaThematicArea: boolean;
  invitedByName: string;
  invitedAt: string;
  respondedAt: string | null;
  declineReason: string | null;
  removedAt: string | null;
  removedByName: string | null;
  removeReason: string | null;
  /** Submitted a contribution. */
  contributed: boolean;
};

export type Suggestion = {
  sub: string;
  name: string;
  ernCode: string;
  providers: { providerId: string; providerCode: string; providerName: string; countryCode: string }[];
  /** Already invited or a member (not invitable again). */
  alreadyInvited: boolean;
};

/** Invite members: each one a member of the directory holding a clinical profile in `ernCode` (the panel's ERN, or another "when asked"). */
export type Invitation = { invitees: { sub: string; ernCode: string; viaThematicArea?: boolean }[]; note?: string };

export type ContributionInput = {
  assessment: string;
  investigations: string;
  recommendation: string;
  /** Staged uploads (kind "panel_file") or files already attached to this contribution. */
  attachmentIds: string[];
  /** true: submitted (counted, the lead told); false: saved as a draft only the author sees. */
  submit: boolean;
};

export type PanelFileView = { id: string; name: string; title: string; type: string; size: number; source: "record" | "contribution"; addedByName: string };

export type ContributionView = {
  id: string;
  authorSub: string;
  authorName: string;
  assessment: string;
  investigations: string;
  recommendation: string;
  attachments: PanelFileView[];
  updatedAt: string;
  submittedAt: string | null;
};

/** Mentions are written "@[Name](sub)" in the body; the server checks each is a member and notifies them. */
export type MessageInput = { body: string; kind?: "message" | "info_request"; replyTo?: string; attachmentIds?: string[] };

export type MessageView = {
  id: string;
  kind: MessageKind;
  authorSub: string;
  authorName: string;
  body: string;
  mentions: { sub: string; name: string }[];
  replyTo: string | null;
  attachments: PanelFileView[];
  createdAt: string;
};

export type OutcomeInput = { summary: string; recommendation: string; investigations: string; followUp: string };

export type OutcomeView = OutcomeInput & {
  id: string;
  status: OutcomeStatus;
  revision: number;
  contributions: { authorName: string; recommendation: string }[];
  authorName: string;
  agreementRequestedAt: string | null;
  agreements: { sub: string; name: string; agrees: boolean; comment: string; at: string; current: boolean }[];
  signedAt: string | null;
  signedByName: string | null;
  signedSha256: string | null;
  updatedAt: string;
};

/** GET /api/panels/:id (the summary's member and contribution counts give way to the lists). Patient data (shared, files, contributions, thread, outcome) only for lead, members and managers, and only while consent for care stands. */
export type PanelView = Omit<PanelSummary, "members" | "contributions"> & {
  question: string;
  thematicAreaId: string | null;
  createdByName: string;
  openedAt: string | null;
  requestId: string | null;
  sharedSections: ShareableSection[];
  /** The patient's consent for care stands (else the panel's data is hidden and it cannot go on). */
  consentStands: boolean;
  /** The user is the lead, a member, a manager or an invitee, and what they may do now. */
  you: { sub: string; role: PanelRole; canManage: boolean; isLead: boolean; actions: PanelAction[]; contributed: boolean };
  members: MemberView[] | null;
  /** The shared sections of the patient's current record (others absent), with its version; null for invitees. */
  shared: { version: number; record: Partial<PatientRecord> } | null;
  files: PanelFileView[] | null;
  /** Submitted contributions, and the user's own draft. */
  contributions: ContributionView[] | null;
  messages: MessageView[] | null;
  outcome: OutcomeView | null;
  /** Signed outcomes superseded by a reopening, newest first. */
  previousOutcomes: OutcomeView[] | null;
};

export type PatientOutcome = { panelId: string; reference: string; title: string; signedAt: string; signedByName: string; recommendation: string };
