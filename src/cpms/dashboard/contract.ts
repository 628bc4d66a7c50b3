/* What the frame and the Global Dashboard read (types only). */
import type { Membership } from "../authorizations/memberships.ts";

export type { Membership };

/** GET /api/me: 401 signed out; `memberships` is empty for a user without a CPMS right (the page says why). */
export type Me = {
  user: { name: string; email: string | null; acr: string };
  memberships: Membership[];
  /** Each ERN the user belongs to, and whether "My Preferences" is set there. */
  erns: { code: string; name: string; preferencesSet: boolean }[];
};

/** One role of the user in an ERN: a profile at a healthcare provider. */
export type DashboardRole = Pick<Membership, "profile" | "countryCode" | "countryName" | "providerId" | "providerCode" | "providerName" | "isGuest">;

/** GET /api/dashboard: the Global Dashboard. */
export type Dashboard = {
  user: { name: string };
  erns: { code: string; name: string; preferencesSet: boolean; isCoordinator: boolean; roles: DashboardRole[] }[];
};

/** GET /api/settings: where identity and the authorisation system are, for links. */
export type Settings = { identityUrl: string; accessUrl: string };
