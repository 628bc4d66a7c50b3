/*
 * A panel comes into being (from a patient's page, or from a request for
 * assistance), in the caller's transaction: a draft with its reference, the
 * lead as its first member, any members known from the start (the
 * requester of an assistance request), the shared attachments checked to be
 * the patient's own, and an audit event on the patient. Invitations are
 * made afterwards (members.ts) and go out when the panel opens.
 */
import { randomInt } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { files } from "../files/tables.ts";
import { auditPanel, type PanelRow } from "./panel-access.ts";
import { panelFiles, panelMembers, panels, type ShareableSection, type Urgency } from "./tables.ts";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "EURACAN-P-4F7K2Q": the ERN, P for panel, six random characters without look-alikes. */
export function issuePanelReference(ernCode: string, letter = "P"): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${ernCode.toUpperCase()}-${letter}-${code}`;
}

export type PanelPerson = { sub: string; name: string; email: string | null; ernCode: string; providerId: string; providerLabel: string; countryCode: string };

export type PanelDraft = {
  ernCode: string;
  patientId: string;
  pseudonym: string;
  title: string;
  question: string;
  thematicArea: { id: string; name: string } | null;
  urgency: Urgency;
  dueDate: string;
  sharedSections: ShareableSection[];
  sharedFileIds: string[];
  lead: PanelPerson;
  createdBy: { sub: string; name: string };
  requestId?: string;
  /** Members from the start, accepted (the requester of an assistance request). */
  members?: PanelPerson[];
};

/**
 * Shares the patient's attachments `fileIds` with the panel (source
 * "record"); 400 on field `field` when one is not an attachment of this
 * patient. Files already shared stay; the others named are added.
 */
export async function sharePanelFiles(
  tx: Db,
  panel: Pick<PanelRow, "id" | "patientId">,
  fileIds: string[],
  bySub: string,
  field = "sharedFileIds",
): Promise<void> {
  const wanted = [...new Set(fileIds.map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return;
  const found = await tx
    .select({ id: files.id })
    .from(files)
    .where(and(inArray(files.id, wanted), eq(files.patientId, panel.patientId), inArray(files.kind, ["attachment", "consent_form"]), isNull(files.deletedAt)));
  if (found.length !== wanted.length)
    throw new InvalidField(field, "Only the patient's own attachments can be shared with the panel: choose them from the list.");
  await tx
    .insert(panelFiles)
    .values(wanted.map((fileId) => ({ panelId: panel.id, fileId, source: "record" as const, addedBySub: bySub })))
    .onConflictDoNothing();
}

export async function createPanel(tx: Db, origin: RequestOrigin, draft: PanelDraft): Promise<PanelRow> {
  let reference = issuePanelReference(draft.ernCode);
  while ((await tx.select({ id: panels.id }).from(panels).where(eq(panels.reference, reference))).length) reference = issuePanelReference(draft.ernCode);
  const [panel] = await tx
    .insert(panels)
    .values({
      reference,
      ernCode: draft.ernCode,
      patientId: draft.patientId,
      pseudonym: draft.pseudonym,
      title: draft.title.trim(),
      question: draft.question.trim(),
      thematicAreaId: draft.thematicArea?.id ?? null,
      thematicAreaName: draft.thematicArea?.name ?? "",
      urgency: draft.urgency,
      dueDate: draft.dueDate,
      leadSub: draft.lead.sub,
      leadName: draft.lead.name,
      leadProviderId: draft.lead.providerId,
      createdBySub: draft.createdBy.sub,
      createdByName: draft.createdBy.name,
      sharedSections: draft.sharedSections,
      requestId: draft.requestId ?? null,
    })
    .returning();
  const now = new Date();
  const person = (p: PanelPerson, role: "lead" | "member") => ({
    panelId: panel.id,
    sub: p.sub,
    name: p.name,
    email: p.email,
    role,
    status: "accepted" as const,
    ernCode: p.ernCode,
    providerLabel: p.providerLabel,
    countryCode: p.countryCode,
    invitedBySub: draft.createdBy.sub,
    invitedByName: draft.createdBy.name,
    invitedAt: now,
    notifiedAt: now,
    respondedAt: now,
  });
  const others = (draft.members ?? []).filter((m) => m.sub !== draft.lead.sub);
  await tx.insert(panelMembers).values([person(draft.lead, "lead"), ...others.map((m) => person(m, "member"))]);
  await sharePanelFiles(tx, panel, draft.sharedFileIds, draft.createdBy.sub);
  await auditPanel(tx, origin, draft.createdBy, panel, "panel.created", {
    purpose: "write",
    reference,
    leadName: draft.lead.name,
    requestId: draft.requestId ?? null,
  });
  return panel;
}
