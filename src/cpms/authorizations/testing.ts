/*
 * Test fixtures of cpms's users: a whole system listening on loopback ports
 * (cpms reads rights from access over real HTTP with a real service token),
 * accounts at identity with the cpms session their sign-in would open (the
 * sign-in itself is proven in oidc-sign-in.test.ts and the journeys), and
 * CPMS rights granted in access with access's own test functions.
 */
import { eq } from "drizzle-orm";
import { right } from "../../access/api/testing.ts";
import { seedAccessCatalog } from "../../access/catalog/seed.ts";
import type { RightStatus } from "../../access/requests/tables.ts";
import { profileId, providerId } from "../../access/requests/testing.ts";
import { addUser } from "../../identity/accounts/add-user.ts";
import { openRpSession } from "../../platform/http/oidc-sign-in-sessions.ts";
import { TestBrowser } from "../../platform/testing/http-client.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { cpmsSignIn } from "../pg-schema.ts";
import { members } from "./tables.ts";

export async function startCpmsTestSystem(env: Record<string, string> = {}): Promise<System> {
  const system = await startTestSystem(env, { listen: true });
  await seedAccessCatalog(system.database.db, { demoProviders: true });
  return system;
}

export type CpmsTestUser = { sub: string; name: string; email: string; browser: TestBrowser };

let counter = 0;

/** An account at identity, signed in to cpms with a second factor (as its sign-in would leave it). */
export async function cpmsUser(system: System, firstName: string, lastName: string): Promise<CpmsTestUser> {
  counter++;
  const email = `${firstName}.${lastName}.${counter}@hospital.example`.toLowerCase();
  const { id: sub } = await addUser(system.database.db, system.config, { email, firstName, lastName });
  const name = `${firstName} ${lastName}`;
  const token = await openRpSession(system.database.db, cpmsSignIn.rpSessions, system.config, {
    sub,
    sid: null,
    email,
    name,
    acr: "substantial",
    amr: ["pwd", "sms"],
    authTime: new Date(Date.now() - 1000),
    idToken: "test",
  });
  const browser = new TestBrowser(system.server("cpms"));
  browser.cookies.set("cpms_session", token);
  return { sub, name, email, browser };
}

/** A CPMS right in access (granted unless told), at ERN / country / provider code. */
export async function grant(system: System, sub: string, profile: string, at: [string, string, string], status: RightStatus = "granted") {
  return right(system.database.db, { sub, profileId: await profileId(system, profile), providerId: await providerId(system, ...at), status });
}

/** Makes cpms's stored copy of the user's rights look `minutes` old. */
export async function ageMemberships(system: System, sub: string, minutes: number): Promise<void> {
  await system.database.db
    .update(members)
    .set({ fetchedAt: new Date(Date.now() - minutes * 60_000) })
    .where(eq(members.sub, sub));
}
