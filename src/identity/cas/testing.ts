/* Test helpers of CAS: a person with an account, /cas/login followed as a browser would, the ticket out of the redirect. */
import assert from "node:assert/strict";
import type { Db } from "../../platform/db/database.ts";
import type { TestBrowser } from "../../platform/testing/http-client.ts";
import type { System } from "../../system.ts";
import { addUser } from "../accounts/add-user.ts";
import { STRONG_PASSWORD } from "../accounts/testing.ts";
import type { Assurance } from "../factors/factor.ts";
import { addCasService } from "./services.ts";

let people = 0;

/** A new account that can sign in with STRONG_PASSWORD. */
export async function newPerson(system: System): Promise<{ id: string; email: string; lastName: string }> {
  people++;
  const lastName = `Kowalska ${people}`;
  const added = await addUser(system.database.db, system.config, {
    email: `cas.user${people}@hospital.example`,
    firstName: "Marta",
    lastName,
    password: STRONG_PASSWORD,
  });
  return { ...added, lastName };
}

export async function signInWithPassword(browser: TestBrowser, email: string): Promise<void> {
  const signedIn = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
}

let services = 0;

/** Registers a service at its own path and returns the URL it will ask tickets for. */
export async function registeredService(db: Db, acr: Assurance = "low"): Promise<string> {
  services++;
  await addCasService(db, { name: `Application ${services}`, urlPattern: `https://app${services}.example.org/*`, acr });
  return `https://app${services}.example.org/cas/callback?next=%2Fpatients`;
}

export const loginUrl = (service: string, extra = "") => `/cas/login?service=${encodeURIComponent(service)}${extra}`;

/** The location of a redirect, asserting there is one. */
export function locationOf(reply: { status: number; headers: Record<string, unknown>; body: unknown }): string {
  assert.equal(reply.status, 303, `expected a redirect, got ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
  return String(reply.headers.location);
}

/** The returnTo of a redirect to the sign-in or step-up page. */
export function returnToOf(location: string): string {
  const returnTo = new URL(location, "http://identity.test").searchParams.get("returnTo");
  assert.ok(returnTo, `no returnTo in ${location}`);
  return returnTo;
}

/** The ticket a redirect to the service carries, asserting it goes to that service. */
export function ticketOf(location: string, service: string): string {
  assert.ok(location.startsWith(`${service}&ticket=`) || location.startsWith(`${service}?ticket=`), `not the service with a ticket: ${location}`);
  const ticket = new URL(location).searchParams.get("ticket");
  assert.ok(ticket);
  return ticket;
}

/** A signed-in browser's ticket for a service, straight from /cas/login. */
export async function ticketFor(browser: TestBrowser, service: string, extra = ""): Promise<string> {
  return ticketOf(locationOf(await browser.get(loginUrl(service, extra))), service);
}

export const validateUrl = (path: string, ticket: string, service: string, extra = "") =>
  `${path}?ticket=${encodeURIComponent(ticket)}&service=${encodeURIComponent(service)}${extra}`;
