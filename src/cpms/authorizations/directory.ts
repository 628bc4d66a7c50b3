/*
 * cpms's directory of its users, kept from their sessions and from the
 * authorisation system's answers:
 * - recordMemberships replaces a user's memberships as a whole, with their
 *   name and e-mail as the session gives them; the member row is written
 *   first, so two refreshes of one user queue on its lock;
 * - searchMembers finds users by name or e-mail (optionally within one ERN)
 *   with their memberships, for sharing and panels; providersOf lists the
 *   healthcare providers cpms knows from its members' rights.
 */
import { and, asc, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import type { GrantedRight } from "./access-client.ts";
import { CPMS_PROFILES, type CpmsProfile, type Membership } from "./memberships.ts";
import { members, memberships } from "./tables.ts";

export type Member = { sub: string; name: string; email: string | null; memberships: Membership[] };
export type KnownProvider = {
  ernCode: string;
  ernName: string;
  countryCode: string;
  countryName: string;
  providerId: string;
  providerCode: string;
  providerName: string;
  isGuest: boolean;
};

const MAX_RESULTS = 50;

function searchTextOf(name: string, email: string | null): string {
  return `${name} ${email ?? ""}`.toLowerCase().trim();
}

function membershipOf(row: typeof memberships.$inferSelect): Membership {
  return {
    profile: row.profile as CpmsProfile,
    ernCode: row.ernCode,
    ernName: row.ernName,
    countryCode: row.countryCode,
    countryName: row.countryName,
    providerId: row.providerId,
    providerCode: row.providerCode,
    providerName: row.providerName,
    isGuest: row.isGuest,
  };
}

/** Rights of profiles CPMS does not know (a newer catalogue) are kept out: they grant nothing here. */
export async function recordMemberships(
  tx: Db,
  user: { sub: string; name: string; email: string | null },
  rights: GrantedRight[],
  fetchedAt: Date,
): Promise<Membership[]> {
  const person = { name: user.name, email: user.email, searchText: searchTextOf(user.name, user.email), fetchedAt, updatedAt: fetchedAt };
  await tx
    .insert(members)
    .values({ sub: user.sub, ...person })
    .onConflictDoUpdate({ target: members.sub, set: person });
  await tx.delete(memberships).where(eq(memberships.sub, user.sub));
  const known = rights.filter((right) => (CPMS_PROFILES as readonly string[]).includes(right.profile.name));
  if (known.length === 0) return [];
  const rows = await tx
    .insert(memberships)
    .values(
      known.map((right) => ({
        sub: user.sub,
        rightId: right.rightId,
        profile: right.profile.name,
        ernCode: right.ern.code,
        ernName: right.ern.name,
        countryCode: right.country.code,
        countryName: right.country.name,
        providerId: right.provider.id,
        providerCode: right.provider.code,
        providerName: right.provider.name,
        isGuest: right.provider.guest,
        grantedSince: right.grantedSince ? new Date(right.grantedSince) : null,
      })),
    )
    .onConflictDoNothing()
    .returning();
  return sortMemberships(rows.map(membershipOf));
}

/** ERN, country, provider, then the profiles in the catalogue's order. */
export function sortMemberships(list: Membership[]): Membership[] {
  const rank = (profile: CpmsProfile) => CPMS_PROFILES.indexOf(profile);
  return [...list].sort(
    (a, b) =>
      a.ernCode.localeCompare(b.ernCode) ||
      a.countryCode.localeCompare(b.countryCode) ||
      a.providerCode.localeCompare(b.providerCode) ||
      rank(a.profile) - rank(b.profile),
  );
}

/** The stored copy: when access last answered for the user (null: never), and what it said. */
export async function storedMemberships(db: Db, sub: string): Promise<{ fetchedAt: Date | null; memberships: Membership[] }> {
  const [member] = await db.select({ fetchedAt: members.fetchedAt }).from(members).where(eq(members.sub, sub));
  if (!member) return { fetchedAt: null, memberships: [] };
  const rows = await db.select().from(memberships).where(eq(memberships.sub, sub));
  return { fetchedAt: member.fetchedAt, memberships: sortMemberships(rows.map(membershipOf)) };
}

/** Users whose name or e-mail contains `query` (at most 50), with their memberships; within `ernCode`, members of that ERN only. */
export async function searchMembers(db: Db, options: { query: string; ernCode?: string }): Promise<Member[]> {
  const words = options.query.toLowerCase().trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const conditions: SQL[] = words.map((word) => ilike(members.searchText, `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (options.ernCode) {
    conditions.push(sql`exists (select 1 from ${memberships} where ${memberships.sub} = ${members.sub} and ${memberships.ernCode} = ${options.ernCode})`);
  } else {
    conditions.push(sql`exists (select 1 from ${memberships} where ${memberships.sub} = ${members.sub})`);
  }
  const found = await db
    .select({ sub: members.sub, name: members.name, email: members.email })
    .from(members)
    .where(and(...conditions))
    .orderBy(asc(members.name), asc(members.sub))
    .limit(MAX_RESULTS);
  if (found.length === 0) return [];
  const rows = await db
    .select()
    .from(memberships)
    .where(
      inArray(
        memberships.sub,
        found.map((member) => member.sub),
      ),
    );
  return found.map((member) => ({ ...member, memberships: sortMemberships(rows.filter((row) => row.sub === member.sub).map(membershipOf)) }));
}

/** The healthcare providers cpms knows (those where a member holds a right), optionally of one ERN, by ERN, country and code. */
export async function providersOf(db: Db, ernCode?: string): Promise<KnownProvider[]> {
  return db
    .selectDistinct({
      ernCode: memberships.ernCode,
      ernName: memberships.ernName,
      countryCode: memberships.countryCode,
      countryName: memberships.countryName,
      providerId: memberships.providerId,
      providerCode: memberships.providerCode,
      providerName: memberships.providerName,
      isGuest: memberships.isGuest,
    })
    .from(memberships)
    .where(ernCode ? eq(memberships.ernCode, ernCode) : undefined)
    .orderBy(asc(memberships.ernCode), asc(memberships.countryCode), asc(memberships.providerCode), asc(memberships.providerId));
}
