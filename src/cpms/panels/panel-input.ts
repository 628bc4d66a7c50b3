/*
 * The checks on a panel's fields that a schema cannot make, each a 400 on
 * its field: the due date is a real day, today or later; the thematic area
 * is one the patient's ERN offers now (not retired, not another ERN's).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { thematicAreas } from "../preferences/tables.ts";
import { today } from "./panel-view.ts";

export function checkDueDate(dueDate: string): void {
  const day = new Date(`${dueDate}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== dueDate)
    throw new InvalidField("dueDate", "This due date is not a day of the calendar.");
  if (dueDate < today()) throw new InvalidField("dueDate", "The due date has passed: choose today or a later day.");
}

export async function offeredArea(tx: Db, ernCode: string, areaId: string): Promise<{ id: string; name: string }> {
  const [area] = await tx
    .select({ id: thematicAreas.id, name: thematicAreas.name })
    .from(thematicAreas)
    .where(and(eq(thematicAreas.id, areaId.toLowerCase()), eq(thematicAreas.ernCode, ernCode), isNull(thematicAreas.retiredAt)));
  if (!area) throw new InvalidField("thematicAreaId", `Choose one of the thematic areas ${ernCode} offers.`);
  return area;
}
