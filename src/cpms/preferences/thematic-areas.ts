/*
 * An ERN's thematic areas, maintained by its coordinators:
 * - add and rename: a name of 2 to 300 characters, not already offered in
 *   that ERN (case-insensitive; the partial unique index guards it too);
 * - retire: the area leaves preferences (and choices of it stop counting)
 *   but its row stays, so history still names it; retiring twice is a
 *   conflict; an area of another ERN is "Not found or no access";
 * - every change is audited in the same transaction.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField, NotFound } from "../../platform/http/errors.ts";
import { auditActor } from "../authorizations/audit-actor.ts";
import { auditEvents } from "../pg-schema.ts";
import type { ThematicArea } from "./contract.ts";
import { thematicAreas } from "./tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Actor = { sub: string; name: string };

function changed(type: string, actor: Actor, details: Record<string, unknown>) {
  const { actorId, details: who } = auditActor(actor.sub);
  return { type, actorId, details: { ...who, ...details } };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function view(row: typeof thematicAreas.$inferSelect): ThematicArea {
  return { id: row.id, name: row.name, retiredAt: row.retiredAt?.toISOString() ?? null };
}

/** The ERN's areas in their order: offered ones, then (with `includeRetired`) retired ones. */
export async function areasOf(db: Db, ernCode: string, options: { includeRetired?: boolean } = {}): Promise<ThematicArea[]> {
  const rows = await db
    .select()
    .from(thematicAreas)
    .where(and(eq(thematicAreas.ernCode, ernCode), options.includeRetired ? undefined : isNull(thematicAreas.retiredAt)))
    .orderBy(sql`${thematicAreas.retiredAt} is not null`, asc(thematicAreas.sortOrder), asc(thematicAreas.name));
  return rows.map(view);
}

function checkedName(raw: string): string {
  const name = raw.replace(/\s+/g, " ").trim();
  if (name.length < 2 || name.length > 300) throw new InvalidField("name", "A thematic area's name has 2 to 300 characters.");
  return name;
}

async function refuseOfferedName(tx: Db, ernCode: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: thematicAreas.id })
    .from(thematicAreas)
    .where(and(eq(thematicAreas.ernCode, ernCode), isNull(thematicAreas.retiredAt), sql`lower(${thematicAreas.name}) = lower(${name})`));
  if (taken && taken.id !== exceptId) throw new InvalidField("name", `${ernCode} already has the thematic area "${name}".`);
}

async function lockedArea(tx: Db, ernCode: string, id: string) {
  if (!isUuid(id)) throw new NotFound();
  const [row] = await tx
    .select()
    .from(thematicAreas)
    .where(and(eq(thematicAreas.id, id), eq(thematicAreas.ernCode, ernCode)))
    .for("update");
  if (!row) throw new NotFound();
  return row;
}

export async function addArea(tx: Db, origin: RequestOrigin, actor: Actor, ernCode: string, rawName: string): Promise<ThematicArea> {
  const name = checkedName(rawName);
  await refuseOfferedName(tx, ernCode, name);
  const [last] = await tx
    .select({ sortOrder: sql<number>`coalesce(max(${thematicAreas.sortOrder}), 0)` })
    .from(thematicAreas)
    .where(eq(thematicAreas.ernCode, ernCode));
  const [row] = await tx
    .insert(thematicAreas)
    .values({ ernCode, name, sortOrder: Number(last?.sortOrder ?? 0) + 10 })
    .returning();
  await audit(tx, auditEvents, origin, changed("thematic_area.added", actor, { ernCode, areaId: row.id, name }));
  return view(row);
}

export async function renameArea(tx: Db, origin: RequestOrigin, actor: Actor, ernCode: string, id: string, rawName: string): Promise<ThematicArea> {
  const name = checkedName(rawName);
  const area = await lockedArea(tx, ernCode, id);
  if (area.retiredAt) throw new Conflict(`"${area.name}" is retired: it can no longer be renamed.`);
  await refuseOfferedName(tx, ernCode, name, id);
  const [row] = await tx.update(thematicAreas).set({ name, updatedAt: new Date() }).where(eq(thematicAreas.id, id)).returning();
  await audit(tx, auditEvents, origin, changed("thematic_area.renamed", actor, { ernCode, areaId: id, from: area.name, to: name }));
  return view(row);
}

export async function retireArea(tx: Db, origin: RequestOrigin, actor: Actor, ernCode: string, id: string): Promise<ThematicArea> {
  const area = await lockedArea(tx, ernCode, id);
  if (area.retiredAt) throw new Conflict(`"${area.name}" is already retired.`);
  const now = new Date();
  const [row] = await tx.update(thematicAreas).set({ retiredAt: now, updatedAt: now }).where(eq(thematicAreas.id, id)).returning();
  await audit(tx, auditEvents, origin, changed("thematic_area.retired", actor, { ernCode, areaId: id, name: area.name }));
  return view(row);
}
