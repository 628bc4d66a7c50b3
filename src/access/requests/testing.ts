/*
 * Test fixtures of requests and approvals: a whole test system with the
 * catalogue's demo providers, and users of access — accounts at identity
 * with the access session their sign-in would open (the sign-in itself is
 * proven over real HTTP in requests.test.ts) — calling the API the way the
 * web pages do, CSRF token included.
 */
import { and, eq } from "drizzle-orm";
import { addUser } from "../../identity/accounts/add-user.ts";
import { openRpSession } from "../../platform/http/oidc-sign-in-sessions.ts";
import { startTestSystem } from "../../platform/testing/test-system.ts";
import type { System } from "../../system.ts";
import { seedAccessCatalog } from "../catalog/seed.ts";
import { profiles, providers } from "../catalog/tables.ts";
import { accessSignIn, outbox } from "../pg-schema.ts";

export async function startAccessTestSystem(env: Record<string, string> = {}): Promise<System> {
  const system = await startTestSystem(env);
  await seedAccessCatalog(system.database.db, { demoProviders: true });
  return system;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the fields they assert on
export type Answer = { status: number; body: any };

export type AccessUser = {
  sub: string;
  email: string;
  name: string;
  get: (path: string) => Promise<Answer>;
  post: (path: string, body?: unknown) => Promise<Answer>;
};

let counter = 0;

/**
 * An account at identity, signed in to access. `sub` signs in a user of
 * another OpenID provider instead, whose subject is not a UUID (EU Login's
 * "n003oges").
 */
export async function accessUser(system: System, firstName: string, lastName: string, email?: string, options: { sub?: string } = {}): Promise<AccessUser> {
  counter++;
  const address = email ?? `${firstName}.${lastName}.${counter}@hospital.example`.toLowerCase();
  const id = options.sub ?? (await addUser(system.database.db, system.config, { email: address, firstName, lastName })).id;
  const name = `${firstName} ${lastName}`;
  const token = await openRpSession(system.database.db, accessSignIn.rpSessions, system.config, {
    sub: id,
    sid: null,
    email: address,
    name,
    acr: "low",
    amr: ["pwd"],
    authTime: new Date(),
    idToken: "test",
  });
  const app = system.server("access");
  const cookies = new Map([["access_session", token]]);
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  let csrf: string | undefined;
  const call = async (method: "GET" | "POST", path: string, body?: unknown): Promise<Answer> => {
    if (method === "POST" && !csrf) {
      const answer = await app.inject({ method: "GET", url: "/api/csrf", headers: { cookie: cookie() } });
      for (const set of answer.cookies) cookies.set(set.name, set.value);
      csrf = answer.json().token;
    }
    const answer = await app.inject({
      method,
      url: path,
      headers: { cookie: cookie(), ...(method === "POST" ? { "x-csrf-token": csrf as string } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: answer.statusCode, body: answer.body ? answer.json() : null };
  };
  return { sub: id, email: address, name, get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

export async function providerId(system: System, ernCode: string, countryCode: string, code: string): Promise<string> {
  const [row] = await system.database.db
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.ernCode, ernCode), eq(providers.countryCode, countryCode), eq(providers.code, code)));
  if (!row) throw new Error(`no provider ${ernCode}/${countryCode}/${code}`);
  return row.id;
}

export async function profileId(system: System, name: string, applicationId = "CPMS"): Promise<string> {
  const [row] = await system.database.db
    .select({ id: profiles.id })
    .from(profiles)
    .where(and(eq(profiles.applicationId, applicationId), eq(profiles.name, name)));
  if (!row) throw new Error(`no profile ${name} of ${applicationId}`);
  return row.id;
}

/** Submits a request for CPMS profiles at a provider; returns the answer. */
export async function submit(system: System, user: AccessUser, at: [string, string, string], profileNames: string[], comment = ""): Promise<Answer> {
  const profileIds = await Promise.all(profileNames.map((name) => profileId(system, name)));
  return user.post("/api/requests", { applicationId: "CPMS", organisation: { kind: "provider", id: await providerId(system, ...at) }, profileIds, comment });
}

export async function mailsTo(system: System, address: string) {
  return system.database.db.select().from(outbox).where(eq(outbox.to, address));
}
