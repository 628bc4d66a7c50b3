/*
 * Demo accounts, created on an empty database when DEMO_DATA=on: one per role
 * the platform knows, all with the same password, printed at start and
 * listed in the README.
 */
import { count } from "drizzle-orm";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db/database.ts";
import { addUser } from "./accounts/add-user.ts";
import { users } from "./accounts/tables.ts";

export const DEMO_PASSWORD = "Rare-Disease-Demo-2026";

export const DEMO_USERS = [
  { email: "camille.laurent@aphp.example", firstName: "Camille", lastName: "Laurent", role: "Healthcare professional (HP), EURACAN, France" },
  { email: "jonas.becker@charite.example", firstName: "Jonas", lastName: "Becker", role: "Healthcare professional (HP), EURACAN, Germany" },
  { email: "sofia.rossi@ern-euracan.example", firstName: "Sofia", lastName: "Rossi", role: "ERN coordinator, EURACAN" },
  { email: "marta.kowalska@ern-euracan.example", firstName: "Marta", lastName: "Kowalska", role: "Dispatcher, EURACAN" },
  { email: "pieter.jansen@umcg.example", firstName: "Pieter", lastName: "Jansen", role: "Panel manager, EURACAN" },
  { email: "lena.novak@research.example", firstName: "Lena", lastName: "Novak", role: "Researcher" },
  {
    email: "helpdesk@opencpms.example",
    firstName: "Helpdesk",
    lastName: "Team",
    role: "Helpdesk (approves any access request; administers the sign-in service)",
    isAdmin: true,
  },
] as const;

export type DemoAccount = { sub: string; email: string; name: string };

/** Seeds the demo accounts if there are no accounts yet; returns them (their `sub` is their id), or null if it did not. */
export async function seedDemoAccounts(db: Db, config: Config): Promise<DemoAccount[] | null> {
  const [{ total }] = await db.select({ total: count() }).from(users);
  if (total > 0) return null;
  const added: DemoAccount[] = [];
  for (const user of DEMO_USERS) {
    const { id, email } = await addUser(db, config, { ...user, password: DEMO_PASSWORD });
    added.push({ sub: id, email, name: `${user.firstName} ${user.lastName}` });
  }
  return added;
}
