/*
 * What the API answers: a user's authorizations in an application.
 * - an authorization is a right the user holds: granted, or granted with its
 *   removal asked for (deletion_requested) — requests, refusals and ended
 *   rights are not authorizations;
 * - an unknown sub has none: the answer is the same as for a user without
 *   rights, so it reveals nothing;
 * - "granted since" is the first time the right became granted (its
 *   history), or its decision time when no history was kept;
 * - the change feed lists the rights of the application that are or were
 *   held, by time of last change then id; a cursor is the position after the
 *   last row given (the database's microsecond time and the id), so paging
 *   neither skips nor repeats a row. Changes committed late with an earlier
 *   time can still be missed: syncing clients overlap by a minute.
 */
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField } from "../../platform/http/errors.ts";
import { countries, erns, profiles, providers } from "../catalog/tables.ts";
import { HELD_STATUSES, type RightStatus, rightEvents, rights } from "../requests/tables.ts";
import type { Authorization, AuthorizationChange } from "./schemas.ts";

const ONCE_HELD_STATUSES: RightStatus[] = [...HELD_STATUSES, "revoked"];

const firstGranted = sql<Date | string | null>`coalesce(
  (select min(${rightEvents.at}) from ${rightEvents} where ${rightEvents.rightId} = ${rights.id} and ${rightEvents.toStatus} = 'granted'),
  ${rights.decidedAt})`;

const columns = {
  rightId: rights.id,
  sub: rights.sub,
  status: rights.status,
  updatedAt: rights.updatedAt,
  position: sql<string>`to_char(${rights.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  grantedSince: firstGranted,
  profileId: profiles.id,
  profileName: profiles.name,
  ernCode: erns.code,
  ernName: erns.name,
  countryCode: countries.code,
  countryName: countries.name,
  providerId: providers.id,
  providerCode: providers.code,
  providerName: providers.name,
  providerIsGuest: providers.isGuest,
};

function select(db: Db, where: SQL | undefined) {
  return db
    .select(columns)
    .from(rights)
    .innerJoin(profiles, eq(profiles.id, rights.profileId))
    .innerJoin(providers, eq(providers.id, rights.providerId))
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .where(where);
}

type Row = Awaited<ReturnType<typeof select>>[number];

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function authorizationOf(row: Row): Authorization {
  return {
    rightId: row.rightId,
    // The queries select held or once-held rights only.
    status: row.status as Authorization["status"],
    profile: { id: row.profileId, name: row.profileName },
    ern: { code: row.ernCode, name: row.ernName },
    country: { code: row.countryCode, name: row.countryName },
    provider: { id: row.providerId, code: row.providerCode, name: row.providerName, guest: row.providerIsGuest },
    grantedSince: iso(row.grantedSince),
  };
}

/** Each sub's authorizations in the application, in the order the subs were given (once each). */
export async function authorizationsOf(db: Db, application: string, subs: string[]): Promise<{ sub: string; authorizations: Authorization[] }[]> {
  const unique = [...new Set(subs)];
  const rows = await select(db, and(eq(rights.applicationId, application), inArray(rights.sub, unique), inArray(rights.status, HELD_STATUSES))).orderBy(
    asc(erns.code),
    asc(countries.code),
    asc(providers.code),
    asc(profiles.sortOrder),
    asc(profiles.name),
  );
  const bySub = new Map<string, Authorization[]>(unique.map((sub) => [sub, []]));
  for (const row of rows) bySub.get(row.sub)?.push(authorizationOf(row));
  return unique.map((sub) => ({ sub, authorizations: bySub.get(sub) ?? [] }));
}

type Position = { at: string; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && typeof id === "string" && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/.test(id)) return { at, id };
  } catch {}
  throw new InvalidField("cursor", "This cursor is not one the API gave: start again from changedSince.");
}

/** A page of the rights of the application that changed since a time, or after a cursor. */
export async function changedAuthorizations(
  db: Db,
  application: string,
  from: { changedSince: Date } | { cursor: string },
  limit: number,
): Promise<{ changes: AuthorizationChange[]; nextCursor: string | null; hasMore: boolean }> {
  const after =
    "cursor" in from
      ? (() => {
          const position = decodeCursor(from.cursor);
          return sql`(${rights.updatedAt}, ${rights.id}) > (${position.at}::timestamptz, ${position.id}::uuid)`;
        })()
      : sql`${rights.updatedAt} >= ${from.changedSince.toISOString()}::timestamptz`;
  const rows = await select(db, and(eq(rights.applicationId, application), inArray(rights.status, ONCE_HELD_STATUSES), after))
    .orderBy(asc(rights.updatedAt), asc(rights.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    changes: page.map((row) => ({
      ...authorizationOf(row),
      sub: row.sub,
      held: HELD_STATUSES.includes(row.status),
      changedAt: new Date(row.updatedAt).toISOString(),
    })),
    nextCursor: last ? encodeCursor({ at: last.position, id: last.rightId }) : "cursor" in from ? from.cursor : null,
    hasMore: rows.length > limit,
  };
}
