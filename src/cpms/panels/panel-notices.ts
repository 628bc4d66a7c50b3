/*
 * The notices of the panel's life and its members (notify: in-app and mail
 * through the outbox). The mails name the panel by its reference, the ERN
 * and the due date — never the patient, and not the panel's title, a note
 * or a reason, which may carry clinical detail: those are in the in-app
 * notification only (`detail`). An urgent panel's invitations say so.
 */
import type { Notice } from "../notifications/notify.ts";
import type { PanelRow } from "./panel-access.ts";

type PanelFacts = Pick<PanelRow, "id" | "reference" | "title" | "ernCode" | "dueDate" | "urgency" | "leadName">;

const link = (panel: Pick<PanelRow, "id">) => `/panels/${panel.id}`;

export function invitationNotice(panel: PanelFacts, inviterName: string, note?: string): Notice {
  return {
    kind: "panel.invited",
    title: `Invitation to panel ${panel.reference}`,
    body: `${inviterName} invites you to the ${panel.urgency === "urgent" ? "urgent " : ""}panel ${panel.reference} in ${panel.ernCode}, led by ${panel.leadName}, due ${panel.dueDate}. Accept or decline the invitation in CPMS.`,
    detail: [`“${panel.title}”`, note?.trim() ? `Note: ${note.trim()}` : ""].filter(Boolean).join("\n"),
    link: link(panel),
    urgent: panel.urgency === "urgent",
  };
}

/** To the members already in a draft (the requester of an assistance request) when it opens. */
export function openedNotice(panel: PanelFacts, byName: string): Notice {
  return {
    kind: "panel.opened",
    title: `Panel ${panel.reference} is open`,
    body: `${byName} opened the panel in ${panel.ernCode}, led by ${panel.leadName}, due ${panel.dueDate}: its members contribute and discuss in CPMS.`,
    link: link(panel),
    urgent: panel.urgency === "urgent",
  };
}

export function answerNotice(panel: PanelFacts, name: string, accepted: boolean, reason: string | null): Notice {
  return {
    kind: accepted ? "panel.invitation_accepted" : "panel.invitation_declined",
    title: `${name} ${accepted ? "accepted" : "declined"} the invitation to panel ${panel.reference}`,
    body: `${name} ${accepted ? "accepted" : "declined"} the invitation to panel ${panel.reference}.`,
    detail: [`“${panel.title}”`, reason ? `Reason: ${reason}` : ""].filter(Boolean).join("\n"),
    link: link(panel),
  };
}

export function removalNotice(panel: PanelFacts, byName: string, reason: string): Notice {
  return {
    kind: "panel.member_removed",
    title: `You are no longer a member of panel ${panel.reference}`,
    body: `${byName} removed you from panel ${panel.reference} in ${panel.ernCode}. You no longer see the panel or its data.`,
    detail: `Reason: ${reason}`,
    link: "/panels",
  };
}
