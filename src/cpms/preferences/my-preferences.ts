/*
 * "My Preferences" of one user in one ERN:
 * - the professional role is one of the list; "Other" needs its text (2 to
 *   100 characters), any other role keeps none;
 * - every chosen area must be an offered thematic area of that ERN: an
 *   unknown id, another ERN's area or a retired one is refused by name, and
 *   nothing is saved;
 * - saving replaces the role and the chosen areas as a whole, audited in the
 *   same transaction; the first save is the user's first connection done.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import { auditEvents } from "../pg-schema.ts";
import { PROFESSIONAL_ROLES, type PreferencesInput, type PreferencesView, type ProfessionalRole } from "./contract.ts";
import { preferenceAreas, preferences, thematicAreas } from "./tables.ts";
import { isUuid } from "./thematic-areas.ts";

export async function preferencesOf(db: Db, sub: string, ernCode: string): Promise<PreferencesView["preferences"]> {
  const [saved] = await db
    .select()
    .from(preferences)
    .where(and(eq(preferences.sub, sub), eq(preferences.ernCode, ernCode)));
  if (!saved) return null;
  const chosen = await db
    .select({ areaId: preferenceAreas.areaId })
    .from(preferenceAreas)
    .innerJoin(thematicAreas, eq(thematicAreas.id, preferenceAreas.areaId))
    .where(and(eq(preferenceAreas.sub, sub), eq(preferenceAreas.ernCode, ernCode), isNull(thematicAreas.retiredAt)));
  return {
    professionalRole: saved.professionalRole as ProfessionalRole,
    otherRole: saved.otherRole,
    areaIds: chosen.map((row) => row.areaId),
    savedAt: saved.savedAt.toISOString(),
  };
}

/** The ERNs (of those given) where the user has saved their preferences. */
export async function ernsWithPreferences(db: Db, sub: string, ernCodes: string[]): Promise<Set<string>> {
  if (ernCodes.length === 0) return new Set();
  const rows = await db
    .select({ ernCode: preferences.ernCode })
    .from(preferences)
    .where(and(eq(preferences.sub, sub), inArray(preferences.ernCode, ernCodes)));
  return new Set(rows.map((row) => row.ernCode));
}

async function checkedAreaIds(tx: Db, ernCode: string, areaIds: string[]): Promise<string[]> {
  const unique = [...new Set(areaIds)];
  const malformed = unique.filter((id) => !isUuid(id));
  if (malformed.length) throw new InvalidField("areaIds", `Unknown thematic area: ${malformed.join(", ")}.`);
  if (unique.length === 0) return [];
  const rows = await tx.select().from(thematicAreas).where(inArray(thematicAreas.id, unique));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const unknown = unique.filter((id) => !byId.has(id));
  if (unknown.length) throw new InvalidField("areaIds", `Unknown thematic area: ${unknown.join(", ")}.`);
  const elsewhere = rows.filter((row) => row.ernCode !== ernCode);
  if (elsewhere.length) {
    throw new InvalidField("areaIds", `"${elsewhere[0].name}" is a thematic area of ${elsewhere[0].ernCode}, not of ${ernCode}.`);
  }
  const retired = rows.filter((row) => row.retiredAt);
  if (retired.length) throw new InvalidField("areaIds", `"${retired[0].name}" is no longer a thematic area of ${ernCode}: reload the page.`);
  return unique;
}

function checkedRole(input: PreferencesInput): { professionalRole: ProfessionalRole; otherRole: string | null } {
  if (!PROFESSIONAL_ROLES.includes(input.professionalRole)) throw new InvalidField("professionalRole", "Choose your professional role from the list.");
  if (input.professionalRole !== "Other") return { professionalRole: input.professionalRole, otherRole: null };
  const otherRole = (input.otherRole ?? "").replace(/\s+/g, " ").trim();
  if (otherRole.length < 2 || otherRole.length > 100) throw new InvalidField("otherRole", "Enter your professional role (2 to 100 characters).");
  return { professionalRole: "Other", otherRole };
}

export async function savePreferences(
  tx: Db,
  origin: RequestOrigin,
  user: { sub: string },
  ernCode: string,
  input: PreferencesInput,
): Promise<NonNullable<PreferencesView["preferences"]>> {
  const role = checkedRole(input);
  const areaIds = await checkedAreaIds(tx, ernCode, input.areaIds);
  const savedAt = new Date();
  const [previous] = await tx
    .insert(preferences)
    .values({ sub: user.sub, ernCode, ...role, savedAt })
    .onConflictDoUpdate({ target: [preferences.sub, preferences.ernCode], set: { ...role, savedAt } })
    .returning();
  await tx.delete(preferenceAreas).where(and(eq(preferenceAreas.sub, user.sub), eq(preferenceAreas.ernCode, ernCode)));
  if (areaIds.length) await tx.insert(preferenceAreas).values(areaIds.map((areaId) => ({ sub: user.sub, ernCode, areaId })));
  const { actorId, details } = auditActor(user.sub);
  await audit(tx, auditEvents, origin, {
    type: "preferences.saved",
    actorId,
    subjectId: actorId,
    details: { ...details, ernCode, professionalRole: role.professionalRole, otherRole: role.otherRole, areaIds },
  });
  return { ...role, areaIds, savedAt: previous.savedAt.toISOString() };
}
