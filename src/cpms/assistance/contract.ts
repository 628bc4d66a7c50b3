/*
 * Requests for assistance (types only). A clinician who may change a
 * patient's record (an HP of the ERN, or a guest clinician at its "0000
 * Guest Access" entry) asks the ERN for help; the ERN's Coordinators and
 * Dispatchers handle the queue.
 *   POST /api/patients/:id/assistance-requests NewAssistanceRequest → 201 { request: AssistanceRequestView, message }
 *   GET  /api/assistance-requests/mine → { requests: AssistanceRequestView[] }
 *   GET  /api/erns/:ern/assistance-requests?status=&page= → { rows: AssistanceRequestView[], total, page, perPage, counts }   (Coordinator or Dispatcher of the ERN)
 *   GET  /api/assistance-requests/:id → { request }                     (the requester, or the ERN's Coordinators and Dispatchers)
 *   GET  /api/erns/:ern/panel-leads?q=&area= → { leads: LeadCandidate[] } (Coordinator or Dispatcher: HPs of the ERN, those of the request's thematic area first)
 *   POST /api/assistance-requests/:id/assign { leadSub, note? } → { request, panelId, message }  (a panel starts, draft, lead = the chosen HP, requester a member)
 *   POST /api/assistance-requests/:id/decline { reason } → { request, message }
 *   POST /api/assistance-requests/:id/withdraw → { request, message }  (the requester, while submitted)
 * Each decision is mailed to the requester (and the lead) through the outbox, and audited.
 */
import type { ShareableSection, Urgency } from "../panels/tables.ts";
import type { RequestStatus } from "./tables.ts";

export type { RequestStatus };

export type NewAssistanceRequest = {
  question: string;
  thematicAreaId: string;
  urgency: Urgency;
  dueDate: string;
  sharedSections: ShareableSection[];
  sharedFileIds: string[];
};

export type AssistanceRequestView = {
  id: string;
  reference: string;
  ernCode: string;
  patientId: string;
  pseudonym: string;
  requesterName: string;
  requesterProviderLabel: string;
  requesterIsGuest: boolean;
  question: string;
  thematicAreaId: string | null;
  thematicAreaName: string;
  urgency: Urgency;
  dueDate: string;
  sharedSections: ShareableSection[];
  status: RequestStatus;
  createdAt: string;
  /** Working hours since it was submitted are not counted: plain age, for the queue. */
  ageHours: number;
  decidedAt: string | null;
  decidedByName: string | null;
  declineReason: string | null;
  assignedLeadName: string | null;
  panelId: string | null;
};

export type LeadCandidate = { sub: string; name: string; providerLabel: string; countryCode: string; inThematicArea: boolean };
