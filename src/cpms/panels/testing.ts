/*
 * Test fixtures for panels: members of cpms with granted rights (through
 * access's own test functions), a patient enrolled over HTTP, and a panel
 * made by createPanel with the members named already accepted and the
 * status asked for — so each feature's tests start where they need to,
 * while the routes that get there have their own tests.
 */
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { providerId } from "../../access/requests/testing.ts";
import type { System } from "../../system.ts";
import { type CpmsTestUser, cpmsUser, grant } from "../authorizations/testing.ts";
import { thematicAreas } from "../preferences/tables.ts";
import { createPanel, type PanelPerson } from "./create.ts";
import type { PanelRow } from "./panel-access.ts";
import { panelMembers, panels, type PanelStatus } from "./tables.ts";

export type PanelTestUser = CpmsTestUser & { providerId: string; at: [string, string, string]; profile: string };

/** A cpms user holding `profile` at ERN / country / provider code, seen once by cpms (so in its directory). */
export async function panelUser(system: System, firstName: string, profile: string, at: [string, string, string], lastName = "Panel"): Promise<PanelTestUser> {
  const user = await cpmsUser(system, firstName, lastName);
  await grant(system, user.sub, profile, at);
  assert.equal((await user.browser.get("/api/me")).status, 200);
  return { ...user, providerId: await providerId(system, ...at), at, profile };
}

/** Enrols a patient at the user's provider (consent for care given) over HTTP. */
export async function enrolPatient(user: PanelTestUser): Promise<{ id: string; pseudonym: string }> {
  const answer = await user.browser.post("/api/patients", {
    ernCode: user.at[0],
    providerId: user.providerId,
    consent: { given: true, date: "2026-01-15" },
    record: { clinicalSummary: "Retroperitoneal mass, 12 cm." },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.patient;
}

/** An offered thematic area of the ERN (the first by sort order). */
export async function firstArea(system: System, ernCode: string): Promise<{ id: string; name: string }> {
  const [area] = await system.database.db
    .select({ id: thematicAreas.id, name: thematicAreas.name })
    .from(thematicAreas)
    .where(eq(thematicAreas.ernCode, ernCode))
    .orderBy(thematicAreas.sortOrder)
    .limit(1);
  assert.ok(area, `no thematic area in ${ernCode}`);
  return area;
}

export function person(user: PanelTestUser): PanelPerson {
  return {
    sub: user.sub,
    name: user.name,
    email: user.email,
    ernCode: user.at[0],
    providerId: user.providerId,
    providerLabel: `${user.at[2]} - Test provider`,
    countryCode: user.at[1],
  };
}

/**
 * A panel led by `lead` on `patient`, with `members` accepted, in `status`
 * (default "open"), sharing `sections` (default clinical summary and diagnoses).
 */
export async function makePanel(
  system: System,
  lead: PanelTestUser,
  patient: { id: string; pseudonym: string },
  options: { members?: PanelTestUser[]; status?: PanelStatus; sections?: ("clinicalSummary" | "diagnoses" | "phenotypes")[]; fileIds?: string[] } = {},
): Promise<PanelRow> {
  const db = system.database.db;
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const area = await firstArea(system, lead.at[0]);
  const panel = await db.transaction(async (tx) =>
    createPanel(
      tx,
      {},
      {
        ernCode: lead.at[0],
        patientId: patient.id,
        pseudonym: patient.pseudonym,
        title: "Neoadjuvant options?",
        question: "Would neoadjuvant radiotherapy help before resection?",
        thematicArea: area,
        urgency: "routine",
        dueDate: "2099-12-31",
        sharedSections: options.sections ?? ["clinicalSummary", "diagnoses"],
        sharedFileIds: options.fileIds ?? [],
        lead: person(lead),
        createdBy: { sub: lead.sub, name: lead.name },
        members: (options.members ?? []).map(person),
      },
    ),
  );
  const status = options.status ?? "open";
  if (status !== "draft") {
    await db
      .update(panels)
      .set({ status, openedAt: new Date(), closedAt: status === "closed" ? new Date() : null })
      .where(eq(panels.id, panel.id));
  }
  const [row] = await db.select().from(panels).where(eq(panels.id, panel.id));
  return row;
}

/** Sets a member's status directly (removed, declined, invited), as the member routes would. */
export async function setMemberStatus(system: System, panelId: string, sub: string, status: "invited" | "accepted" | "declined" | "removed") {
  await system.database.db
    .update(panelMembers)
    .set({ status, removedAt: status === "removed" ? new Date() : null })
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.sub, sub)));
}
