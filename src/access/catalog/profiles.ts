/*
 * The applications of step 1 and the access profiles of step 3. A profile's
 * status is the user's own open right at the chosen provider when there is
 * one ("requested", "granted", "deletion_requested"), otherwise the
 * profile's ("active"); so the table shows what the user already asked for.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { NotFound } from "../../platform/http/errors.ts";
import type { ApplicationSummary, ProfileSummary } from "../contract.ts";
import { OPEN_STATUSES, rights } from "../requests/tables.ts";
import { applications, profiles, providers } from "./tables.ts";

const summary = { id: applications.id, name: applications.name, description: applications.description };

export async function listApplications(db: Db): Promise<ApplicationSummary[]> {
  return db.select(summary).from(applications).orderBy(asc(applications.sortOrder), asc(applications.name));
}

export async function listProfiles(
  db: Db,
  query: { sub: string; applicationId: string; providerId?: string },
): Promise<{ application: ApplicationSummary; profiles: ProfileSummary[] }> {
  const [application] = await db.select(summary).from(applications).where(eq(applications.id, query.applicationId));
  if (!application) throw new NotFound(`There is no application “${query.applicationId}”.`);
  const offered = await db
    .select({ id: profiles.id, name: profiles.name, description: profiles.description, status: profiles.status })
    .from(profiles)
    .where(eq(profiles.applicationId, application.id))
    .orderBy(asc(profiles.sortOrder), asc(profiles.name));
  if (!query.providerId) return { application, profiles: offered };

  const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, query.providerId));
  if (!provider) throw new NotFound("There is no such healthcare provider.");
  const held = await db
    .select({ profileId: rights.profileId, status: rights.status })
    .from(rights)
    .where(
      and(eq(rights.sub, query.sub), eq(rights.applicationId, application.id), eq(rights.providerId, provider.id), inArray(rights.status, [...OPEN_STATUSES])),
    );
  const statusOf = new Map(held.map((right) => [right.profileId, right.status]));
  return { application, profiles: offered.map((profile) => ({ ...profile, status: statusOf.get(profile.id) ?? profile.status })) };
}
