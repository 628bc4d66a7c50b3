/*
 * The organisation tree of the wizard's step 2: ERN → country → healthcare
 * provider (contract.ts, OrganisationPage).
 * - without a search, a node's children: the ERNs at the top, then the
 *   countries where the ERN has providers (all of them: Guest Access is
 *   everywhere), then the providers, "0000 Guest Access" first;
 * - with a search (every word must match, accents and case ignored): the
 *   ERNs (at the top) or countries (in an ERN) whose code or name match,
 *   then the providers whose code, name or city match anywhere below the
 *   node — so a user finds their hospital from the top;
 * - a stable order whatever the page: ERNs by label (byte order, as the
 *   seeds list them: "ERN-SKIN" before "ERNICA", "eUROGEN" last), countries
 *   by name, providers by code;
 * - "(request submitted)" marks a provider where the user has an open right
 *   for the application, and the ERN and country above it;
 * - an unknown application, ERN or country is 404 with what was not found.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { OrganisationPage, OrganisationRow } from "../contract.ts";
import { OPEN_STATUSES, rights } from "../requests/tables.ts";
import { type CountryRecord, countryId, countryRow, type ErnRecord, ernLabel, ernRow, providerRow } from "./organisation-rows.ts";
import { normaliseForSearch } from "./search-text.ts";
import { applications, countries, erns, providers } from "./tables.ts";

export type OrganisationQuery = {
  sub: string;
  applicationId: string;
  ernCode?: string;
  countryCode?: string;
  search?: string;
  page: number;
  perPage: number;
};

type Place = { ern: ErnRecord | null; country: CountryRecord | null };

export async function listOrganisations(db: Db, query: OrganisationQuery): Promise<OrganisationPage> {
  const place = await findPlace(db, query);
  const terms = searchTerms(query.search);
  const offset = (query.page - 1) * query.perPage;
  const listsProviders = place.country !== null || terms.length > 0;
  const where = providerFilter(place, terms);
  // Independent reads: on a PostgreSQL pool they run side by side.
  const [submitted, nodes, providerTotal] = await Promise.all([
    openRightsOf(db, query.sub, query.applicationId),
    place.country ? [] : nodeRows(db, place.ern, terms),
    listsProviders ? countProviders(db, where) : 0,
  ]);
  const rows = nodes.slice(offset, offset + query.perPage);
  const wanted = query.perPage - rows.length;
  if (listsProviders && wanted > 0 && offset + rows.length < nodes.length + providerTotal) {
    const found = await pageOfProviders(db, where, Math.max(0, offset - nodes.length), wanted);
    rows.push(...found.map((provider) => providerRow(provider)));
  }
  return {
    trail: trailOf(place),
    rows: rows.map((row) => markSubmitted(row, submitted)),
    total: nodes.length + providerTotal,
    page: query.page,
    perPage: query.perPage,
  };
}

/** The application, ERN and country the query names (looked up together), or 404 naming what does not exist. */
async function findPlace(db: Db, query: OrganisationQuery): Promise<Place> {
  if (query.countryCode && !query.ernCode) throw new InvalidField("country", "Open an ERN before choosing a country.");
  const [[application], [ern], [country]] = await Promise.all([
    db.select({ id: applications.id }).from(applications).where(eq(applications.id, query.applicationId)),
    query.ernCode ? db.select({ code: erns.code, name: erns.name, website: erns.website }).from(erns).where(eq(erns.code, query.ernCode)) : [],
    query.countryCode ? db.select().from(countries).where(eq(countries.code, query.countryCode.toUpperCase())) : [],
  ]);
  if (!application) throw new NotFound(`There is no application “${query.applicationId}”.`);
  if (query.ernCode && !ern) throw new NotFound(`There is no ERN with the code “${query.ernCode}”.`);
  if (query.countryCode && !country) throw new NotFound(`There is no country with the code “${query.countryCode}”.`);
  return { ern: ern ?? null, country: country ?? null };
}

function trailOf({ ern, country }: Place): OrganisationPage["trail"] {
  if (!ern) return [];
  const trail: OrganisationPage["trail"] = [{ kind: "ern", id: ern.code, label: ernLabel(ern) }];
  if (country) trail.push({ kind: "country", id: countryId(ern.code, country.code), label: country.name });
  return trail;
}

/** Lower-case words without accents; at most 10. */
export function searchTerms(search: string | undefined): string[] {
  return normaliseForSearch(search ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10);
}

const matchesAll = (text: string, terms: string[]) => {
  const normalised = normaliseForSearch(text);
  return terms.every((term) => normalised.includes(term));
};

/** Where the user has an open right for the application: providers, and the ERNs and countries above them. */
async function openRightsOf(db: Db, sub: string, applicationId: string) {
  const held = await db
    .selectDistinct({ providerId: rights.providerId, ernCode: providers.ernCode, countryCode: providers.countryCode })
    .from(rights)
    .innerJoin(providers, eq(providers.id, rights.providerId))
    .where(and(eq(rights.sub, sub), eq(rights.applicationId, applicationId), inArray(rights.status, [...OPEN_STATUSES])));
  return {
    providers: new Set(held.map((row) => row.providerId)),
    erns: new Set(held.map((row) => row.ernCode)),
    countries: new Set(held.map((row) => countryId(row.ernCode, row.countryCode))),
  };
}

type Submitted = Awaited<ReturnType<typeof openRightsOf>>;

function markSubmitted(row: OrganisationRow, submitted: Submitted): OrganisationRow {
  const held = row.kind === "ern" ? submitted.erns : row.kind === "country" ? submitted.countries : submitted.providers;
  return { ...row, requestSubmitted: held.has(row.id) };
}

const memberCount = sql<number>`count(*) filter (where not ${providers.isGuest})`.mapWith(Number);

/** The ERNs (at the top) or an ERN's countries, matching the search if any: few enough to order and page here. */
async function nodeRows(db: Db, ern: ErnRecord | null, terms: string[]): Promise<OrganisationRow[]> {
  if (!ern) {
    const all = await db.select({ code: erns.code, name: erns.name, website: erns.website }).from(erns);
    const matching = all.filter((candidate) => !terms.length || matchesAll(`${candidate.code} ${candidate.name}`, terms));
    if (!matching.length) return [];
    const counts = await db
      .select({ code: providers.ernCode, n: memberCount })
      .from(providers)
      .where(
        inArray(
          providers.ernCode,
          matching.map((candidate) => candidate.code),
        ),
      )
      .groupBy(providers.ernCode);
    return matching
      .sort((a, b) => byteOrder(ernLabel(a), ernLabel(b)))
      .map((candidate) => ernRow(candidate, counts.find((c) => c.code === candidate.code)?.n ?? 0));
  }
  const counts = await db
    .select({ code: providers.countryCode, n: memberCount })
    .from(providers)
    .where(eq(providers.ernCode, ern.code))
    .groupBy(providers.countryCode);
  const present = new Map(counts.map((row) => [row.code, row.n]));
  const all = await db.select().from(countries);
  return all
    .filter((country) => present.has(country.code) && (!terms.length || matchesAll(`${country.code} ${country.name}`, terms)))
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((country) => countryRow(ern, country, present.get(country.code) ?? 0));
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const likeEscaped = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function providerFilter({ ern, country }: Place, terms: string[]): SQL | undefined {
  return and(
    ern ? eq(providers.ernCode, ern.code) : undefined,
    country ? eq(providers.countryCode, country.code) : undefined,
    ...terms.map((term) => sql`${providers.searchText} like ${likeEscaped(term)}`),
  );
}

async function countProviders(db: Db, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(providers)
    .where(where);
  return row.n;
}

async function pageOfProviders(db: Db, where: SQL | undefined, offset: number, limit: number) {
  const found = await db
    .select({
      id: providers.id,
      code: providers.code,
      name: providers.name,
      city: providers.city,
      website: providers.website,
      isGuest: providers.isGuest,
      ernCode: erns.code,
      ernName: erns.name,
      ernWebsite: erns.website,
      countryCode: countries.code,
      countryName: countries.name,
    })
    .from(providers)
    .innerJoin(erns, eq(erns.code, providers.ernCode))
    .innerJoin(countries, eq(countries.code, providers.countryCode))
    .where(where)
    .orderBy(
      // An ERN's code orders as its label does ("CODE - Name"): codes are unique.
      sql`${providers.ernCode} collate "C"`,
      sql`${countries.name} collate "C"`,
      sql`${providers.isGuest} desc`,
      sql`${providers.code} collate "C"`,
      providers.id,
    )
    .limit(limit)
    .offset(offset);
  return found.map(({ ernCode, ernName, ernWebsite, countryCode, countryName, ...provider }) => ({
    ...provider,
    ern: { code: ernCode, name: ernName, website: ernWebsite },
    country: { code: countryCode, name: countryName },
  }));
}
