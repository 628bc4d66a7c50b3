/*
 * A panel's life, enforced on the server for every action:
 *
 *   draft ──open──▶ open ──request agreement──▶ awaiting_outcome ──close──▶ closed
 *     │               ▲ ◀──back to contributions──┘   (sign first)         │
 *   delete            └──────────────────reopen (audited, with a reason)───┘
 *
 * - draft: the lead prepares the question, shared data and invitations (sent when it opens);
 * - open: invitees answer, members contribute and discuss, the lead reminds and drafts the outcome;
 * - awaiting_outcome: contributions are closed; members agree (or not) with the outcome; the lead signs;
 * - closed: read-only; the signed outcome stays with the patient.
 * An action not allowed in the panel's status is a 409 with the reason in words.
 */
import { Problem } from "../../platform/http/errors.ts";
import type { PanelStatus } from "./tables.ts";

export type PanelAction =
  | "edit"
  | "delete"
  | "open"
  | "invite"
  | "respond"
  | "remove_member"
  | "contribute"
  | "message"
  | "remind"
  | "write_outcome"
  | "request_agreement"
  | "agree"
  | "back_to_contributions"
  | "sign"
  | "close"
  | "reopen";

const ALLOWED: Record<PanelAction, readonly PanelStatus[]> = {
  edit: ["draft", "open"],
  delete: ["draft"],
  open: ["draft"],
  invite: ["draft", "open"],
  respond: ["open", "awaiting_outcome"],
  remove_member: ["draft", "open", "awaiting_outcome"],
  contribute: ["open"],
  message: ["open", "awaiting_outcome"],
  remind: ["open"],
  write_outcome: ["open", "awaiting_outcome"],
  request_agreement: ["open"],
  agree: ["awaiting_outcome"],
  back_to_contributions: ["awaiting_outcome"],
  sign: ["awaiting_outcome"],
  close: ["awaiting_outcome"],
  reopen: ["closed"],
};

/** Where an allowed action leads (actions not listed keep the status). */
const NEXT: Partial<Record<PanelAction, PanelStatus>> = {
  open: "open",
  request_agreement: "awaiting_outcome",
  back_to_contributions: "open",
  close: "closed",
  reopen: "open",
};

const STATUS_WORDS: Record<PanelStatus, string> = {
  draft: "still a draft",
  open: "open",
  awaiting_outcome: "awaiting its outcome",
  closed: "closed",
};

/** Why an action is refused, in the user's words: specific where a user could try it, generic otherwise. */
const WHY: Partial<Record<PanelAction, Partial<Record<PanelStatus, string>>>> = {
  edit: { awaiting_outcome: "The panel is awaiting its outcome: go back to contributions to change it.", closed: "The panel is closed: it is read-only." },
  delete: { open: "An open panel cannot be deleted: it has members. Close it with an outcome instead." },
  invite: { awaiting_outcome: "Contributions are closed: go back to contributions to invite more members.", closed: "The panel is closed: it is read-only." },
  respond: { draft: "This panel has not been opened yet.", closed: "The panel is closed: the invitation has lapsed." },
  contribute: {
    draft: "The panel is not open yet: contributions start when the lead opens it.",
    awaiting_outcome: "Contributions are closed: the lead is writing the outcome.",
    closed: "The panel is closed: no more contributions.",
  },
  message: { draft: "The panel is not open yet.", closed: "The panel is closed: the discussion is read-only." },
  remind: { draft: "The panel is not open yet: nobody to remind.", awaiting_outcome: "Contributions are closed: nobody to remind." },
  write_outcome: {
    draft: "A draft panel has no outcome: open the panel and gather contributions first.",
    closed: "The panel is closed: reopen it to change the outcome.",
  },
  request_agreement: { draft: "A draft panel has no outcome: open the panel and gather contributions first." },
  agree: { open: "The lead has not asked for agreement yet.", closed: "The panel is closed: its outcome is signed." },
  sign: {
    draft: "A draft panel has no outcome to sign.",
    open: "Ask the members to agree with the outcome before signing it.",
    closed: "The outcome is already signed and the panel closed.",
  },
  close: {
    draft: "A draft panel cannot be closed: delete it, or open it and gather contributions.",
    open: "Write the outcome and ask the members to agree before closing the panel.",
  },
  reopen: { draft: "The panel is not closed.", open: "The panel is not closed.", awaiting_outcome: "The panel is not closed." },
};

/** 409 with `code: "illegal_transition"`, the action and the panel's status, and the reason in `detail`. */
export class IllegalTransition extends Problem {
  constructor(action: PanelAction, status: PanelStatus) {
    super(
      409,
      "Conflict",
      WHY[action]?.[status] ?? `This cannot be done while the panel is ${STATUS_WORDS[status]}.`,
      undefined,
      {},
      {
        code: "illegal_transition",
        action,
        status,
      },
    );
  }
}

export function isAllowed(status: PanelStatus, action: PanelAction): boolean {
  return ALLOWED[action].includes(status);
}

/** The status after `action`, or an IllegalTransition (409) when the panel's status does not allow it. */
export function transition(status: PanelStatus, action: PanelAction): PanelStatus {
  if (!isAllowed(status, action)) throw new IllegalTransition(action, status);
  return NEXT[action] ?? status;
}

/** The actions the panel's status allows, for the pages (the server checks again). */
export function allowedActions(status: PanelStatus): PanelAction[] {
  return (Object.keys(ALLOWED) as PanelAction[]).filter((action) => isAllowed(status, action));
}
