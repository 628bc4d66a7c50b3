/*
 * The share dialog's directory (GET /api/directory?q=&ern=): members with a
 * clinical profile (HP, coordinator, panel manager) — name, profiles, HCP
 * and ERN, never an e-mail — and the healthcare providers cpms knows, by a
 * word of a name or code, optionally within one ERN. Researchers and
 * Dispatchers are not offered: a share would show them nothing.
 */
import type { Db } from "../../platform/db/database.ts";
import { providersOf, searchMembers } from "../authorizations/directory.ts";
import type { DirectoryPerson, DirectoryProvider } from "./schemas.ts";

const CLINICAL = new Set(["HP", "Panel Manager HCP", "Coordinator", "Panel Manager ERN"]);
const MAX_PROVIDERS = 50;

export async function searchDirectory(db: Db, query: string, ernCode?: string): Promise<{ people: DirectoryPerson[]; providers: DirectoryProvider[] }> {
  const words = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || query.trim().length < 2) return { people: [], providers: [] };
  const [found, known] = await Promise.all([searchMembers(db, { query, ernCode }), providersOf(db, ernCode)]);
  const people = found
    .map((member) => ({
      sub: member.sub,
      name: member.name,
      memberships: member.memberships
        .filter((m) => CLINICAL.has(m.profile) && (ernCode === undefined || m.ernCode === ernCode))
        .map((m) => ({
          profile: m.profile,
          ernCode: m.ernCode,
          ernName: m.ernName,
          countryName: m.countryName,
          providerId: m.providerId,
          providerName: m.providerName,
        })),
    }))
    .filter((person) => person.memberships.length > 0);
  const providers = known
    .filter((p) => !p.isGuest)
    .filter((p) => {
      const text = `${p.providerCode} ${p.providerName} ${p.countryName}`.toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .slice(0, MAX_PROVIDERS)
    .map((p) => ({
      providerId: p.providerId,
      providerCode: p.providerCode,
      providerName: p.providerName,
      ernCode: p.ernCode,
      ernName: p.ernName,
      countryName: p.countryName,
    }));
  return { people, providers };
}
