/*
 * The registry of CAS services: only a URL that matches a registered
 * pattern ever receives a ticket or a redirect (url-pattern.ts says how a
 * pattern matches).
 * - a pattern is checked when it is added, with a message saying what to
 *   fix; the same pattern cannot be registered twice (and a unique index
 *   stands behind that check);
 * - a service's `acr` is the lowest level a ticket for it is issued at;
 * - when several patterns match a URL, the most specific one (an exact
 *   path, else the longest prefix) decides, with its level.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, InvalidField } from "../../platform/http/errors.ts";
import { ASSURANCE_ORDER, type Assurance } from "../factors/factor.ts";
import { casServices } from "./tables.ts";
import { locateService, matchesPattern, parseUrlPattern, specificity } from "./url-pattern.ts";

export type CasService = typeof casServices.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function addCasService(db: Db, input: { name: string; urlPattern: string; acr?: Assurance }): Promise<CasService> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new InvalidField("name", "Give the service a name of 1 to 100 characters.");
  try {
    parseUrlPattern(input.urlPattern);
  } catch (error) {
    throw new InvalidField("urlPattern", `“${input.urlPattern}” is not a valid service URL pattern: ${(error as Error).message}.`);
  }
  const acr = input.acr ?? "low";
  if (!ASSURANCE_ORDER.includes(acr)) throw new InvalidField("acr", `Unknown level “${acr}”: use low, substantial or high.`);
  const [added] = await db.insert(casServices).values({ name, urlPattern: input.urlPattern, acr }).onConflictDoNothing().returning();
  if (!added) throw new Conflict(`A CAS service with the URL pattern ${input.urlPattern} is already registered.`);
  return added;
}

export async function listCasServices(db: Db): Promise<CasService[]> {
  return db.select().from(casServices).orderBy(asc(casServices.name), asc(casServices.createdAt));
}

export async function removeCasService(db: Db, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const removed = await db.delete(casServices).where(eq(casServices.id, id)).returning({ id: casServices.id });
  return removed.length > 0;
}

/** The registered service this URL belongs to, or null: a URL no pattern matches gets no ticket and no redirect. */
export async function findCasService(db: Db, serviceUrl: string): Promise<CasService | null> {
  const location = locateService(serviceUrl);
  if (!location) return null;
  let best: { service: CasService; rank: number } | null = null;
  for (const service of await db.select().from(casServices)) {
    let pattern: ReturnType<typeof parseUrlPattern>;
    try {
      pattern = parseUrlPattern(service.urlPattern);
    } catch {
      continue; // a row written around addCasService: it matches nothing
    }
    if (!matchesPattern(pattern, location)) continue;
    const rank = specificity(pattern);
    if (!best || rank > best.rank) best = { service, rank };
  }
  return best?.service ?? null;
}
