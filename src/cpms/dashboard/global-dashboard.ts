/*
 * The Global Dashboard: the ERNs the user belongs to, in code order, each
 * with the roles held there (profile at a provider) and whether "My
 * Preferences" is set yet (not: the page invites the user to set them).
 */
import type { Db } from "../../platform/db/database.ts";
import { type CpmsUser, ernsOf, isCoordinatorOf } from "../authorizations/memberships.ts";
import { ernsWithPreferences } from "../preferences/my-preferences.ts";
import type { Dashboard } from "./contract.ts";

export async function globalDashboard(db: Db, user: CpmsUser): Promise<Dashboard> {
  const erns = ernsOf(user);
  const done = await ernsWithPreferences(
    db,
    user.sub,
    erns.map((ern) => ern.code),
  );
  return {
    user: { name: user.name },
    erns: erns.map((ern) => ({
      ...ern,
      preferencesSet: done.has(ern.code),
      isCoordinator: isCoordinatorOf(user, ern.code),
      roles: user.memberships
        .filter((membership) => membership.ernCode === ern.code)
        .map(({ profile, countryCode, countryName, providerId, providerCode, providerName, isGuest }) => ({
          profile,
          countryCode,
          countryName,
          providerId,
          providerCode,
          providerName,
          isGuest,
        })),
    })),
  };
}
