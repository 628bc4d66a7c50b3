/*
 * Administration of the sign-in service: an administrator signs in with the
 * password, opens "Administration" from the gear and confirms with an
 * authenticator app first (the page needs a second factor),
 * registers an application (a bad redirect URI is refused next to its
 * field; the secret is shown once and works at the token endpoint), gives it
 * a new secret, adds a CAS service, and removes both after confirming.
 * Someone else does not see the page.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { users } from "../src/identity/accounts/tables.ts";
import { addAuthenticatorApp } from "../src/identity/factors/totp/add-app.ts";
import { authenticatorApps } from "../src/identity/factors/totp/tables.ts";
import { oidcClients } from "../src/identity/oidc/tables.ts";
import { signInWithPassword, signOut } from "./support/actions.ts";
import { eventually } from "./support/browser.ts";
import { expectFieldError, expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Helena", lastName: "Lindqvist", email: "helena.lindqvist@opencpms.example" };
const member = { firstName: "Ruben", lastName: "Dijkstra", email: "ruben.dijkstra@umcg.example" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const APP = "Rare disease registry";
const SERVICE = "Case discussion forum";

describe("Administration: register an application and a CAS service, then remove them", () => {
  let totpSecret = "";
  const journey = useJourney("admin", { CAPTCHA: "off" }, async (system, session) => {
    const { db } = system.database;
    const { id } = await addUser(db, system.config, { ...person, password: PASSWORD, isAdmin: true });
    const [user] = await db.select().from(users).where(eq(users.id, id));
    // An authenticator app set up earlier (its own journey proves the setup).
    const app = await addAuthenticatorApp(db, system.config, user, "Work phone");
    await db.update(authenticatorApps).set({ confirmedAt: new Date() }).where(eq(authenticatorApps.id, app.id));
    totpSecret = app.secret.replaceAll(" ", "");
    await addUser(db, system.config, { ...member, password: PASSWORD });
    await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: system.config.urls.identity });
  });
  const { step, page } = journey;
  let clientId = "";
  let clientSecret = "";

  /** The provider's answer to a client-credentials grant with these credentials. */
  const tokenStatus = async (secret: string) => {
    const response = await fetch(`${journey.identity()}/oidc/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    return response.status;
  };

  step("sign in with the password; Administration in the gear asks for the authenticator app first, then opens", async () => {
    const p = page();
    await signInWithPassword(p, journey.identity(), person.email, PASSWORD);
    await p.getByRole("button", { name: "Account menu" }).click();
    await p.getByRole("menuitem", { name: "Administration" }).click();
    // The session used the password only: the page sends the administrator to confirm a second factor.
    await p.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    await p.getByRole("combobox", { name: "Choose your verification method" }).click();
    await p.getByRole("option", { name: "Authenticator app code" }).click();
    await p.getByRole("button", { name: "Next" }).click();
    await p.getByRole("textbox", { name: "Authenticator app code" }).fill(await generate({ secret: totpSecret }));
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: "Administration", level: 2 }).waitFor();
    assert.equal(pathOf(p), "/admin");
    await p.getByRole("heading", { name: "Applications (OpenID Connect)" }).waitFor();
    await p.getByRole("heading", { name: "CAS services" }).waitFor();
    // The platform's own applications are shown, read-only.
    const cpms = p.getByTestId("admin-clients").getByRole("row").filter({ hasText: "Clinical Patient Management System" });
    await cpms.getByText("Part of the platform").waitFor();
    assert.equal(await cpms.getByRole("button").count(), 0, "no action on the platform's own applications");
  });

  step("“Add an application” with a wildcard redirect URI: the message is next to the field, nothing is added", async () => {
    const p = page();
    await p.getByRole("button", { name: "Add an application" }).click();
    await p.getByRole("textbox", { name: "Name", exact: true }).fill(APP);
    const redirectUris = p.getByRole("textbox", { name: "Redirect URIs", exact: true });
    await redirectUris.fill("https://registry.example.org/*");
    await p.getByRole("checkbox", { name: "Client credentials" }).check();
    await p.getByRole("button", { name: "Add the application" }).click();
    await expectFieldError(redirectUris, '"https://registry.example.org/*" contains a wildcard: register each address in full.');
    const registered = await journey.system().database.db.select().from(oidcClients).where(eq(oidcClients.name, APP));
    assert.deepEqual(registered, []);
  });

  step("with a correct redirect URI it is added; its secret is shown once, with a warning, and works", async () => {
    const p = page();
    await p
      .getByRole("textbox", { name: "Redirect URIs", exact: true })
      .fill("https://registry.example.org/auth/callback\nhttps://registry.example.org/auth/callback2");
    await p.getByRole("button", { name: "Add the application" }).click();
    await expectText(p.getByRole("status").first(), `“${APP}” is registered. Copy the client secret now: it is shown only once.`);
    await p.getByText("It is shown only this once").waitFor();
    clientId = await expectText(p.getByTestId("new-client-id"), /^[A-Za-z0-9]{22}$/);
    clientSecret = await expectText(p.getByTestId("new-client-secret"), /^[\w-]{43}$/);
    await p.getByRole("button", { name: "Copy the Client secret" }).click();
    assert.equal(await p.evaluate(() => navigator.clipboard.readText()), clientSecret, "the secret is copied");
    assert.equal(await tokenStatus(clientSecret), 200, "the provider accepts the new client");

    await p.screenshot({ path: "/tmp/e2e-admin-secret.png", fullPage: true });
    const done = p.getByRole("button", { name: "Done" });
    assert.equal(await done.isDisabled(), true, "not before the secret is stored");
    await p.getByRole("checkbox", { name: "I have stored the client secret" }).check();
    await done.click();
    const row = p.getByTestId("admin-clients").getByRole("row").filter({ hasText: APP });
    await row.getByText(clientId).waitFor();
    assert.equal(await p.getByText(clientSecret).count(), 0, "the secret is not shown again");
  });

  step("“New secret”, after confirming: a new secret is shown once, the old one stops working", async () => {
    const p = page();
    await p.getByRole("button", { name: `Give ${APP} a new secret` }).click();
    const dialog = p.getByRole("dialog", { name: "Give the application a new secret" });
    await dialog.getByRole("button", { name: "New secret" }).click();
    await expectText(p.getByRole("status").first(), /has a new secret; the previous one no longer works\./);
    const newSecret = await expectText(p.getByTestId("new-client-secret"), /^[\w-]{43}$/);
    assert.notEqual(newSecret, clientSecret);
    assert.equal(await tokenStatus(clientSecret), 401, "the old secret is refused");
    assert.equal(await tokenStatus(newSecret), 200);
    await p.getByRole("checkbox", { name: "I have stored the client secret" }).check();
    await p.getByRole("button", { name: "Done" }).click();
    await p.getByRole("button", { name: "Add an application" }).waitFor();
  });

  step("“Add a CAS service”: it is listed with its pattern and level", async () => {
    const p = page();
    await p.getByRole("button", { name: "Add a CAS service" }).click();
    await p.getByRole("textbox", { name: "Name", exact: true }).fill(SERVICE);
    const pattern = p.getByRole("textbox", { name: "URL pattern" });
    await pattern.fill("https://forum.example.org/app*");
    await p.getByRole("button", { name: "Add the service" }).click();
    await eventually("the pattern's field to be marked invalid", async () => (await pattern.getAttribute("aria-invalid")) === "true");
    await pattern.fill("https://forum.example.org/cas/*");
    await p.getByRole("button", { name: "Add the service" }).click();
    await expectText(p.getByRole("status").first(), `“${SERVICE}” can now receive CAS tickets.`);
    const row = p.getByTestId("admin-cas-services").getByRole("row").filter({ hasText: SERVICE });
    await row.getByText("https://forum.example.org/cas/*").waitFor();
    await row.getByText("Substantial (second factor)").waitFor();
    await p.screenshot({ path: "/tmp/e2e-admin.png", fullPage: true });
  });

  step("remove the application and the CAS service, each after confirming", async () => {
    const p = page();
    await p.getByRole("button", { name: `Remove the application ${APP}` }).click();
    const dialog = p.getByRole("dialog", { name: "Remove the application" });
    await dialog.getByText(`“${APP}” will no longer be able to sign anyone in`).waitFor();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expectText(p.getByRole("status").first(), /is removed: it can no longer sign anyone in/);
    await eventually("the application to leave the list", async () => (await p.getByTestId("admin-clients").getByText(APP).count()) === 0);
    assert.equal(await tokenStatus(clientSecret), 401);

    await p.getByRole("button", { name: `Remove the CAS service ${SERVICE}` }).click();
    await p.getByRole("dialog", { name: "Remove the CAS service" }).getByRole("button", { name: "Remove" }).click();
    await p.getByText(`“${SERVICE}” is removed: it no longer receives CAS tickets.`).waitFor();
    await p.getByText("No CAS service is registered.").waitFor();
  });

  step("someone who is not an administrator has no Administration in the gear, and the page says it is not for them", async () => {
    const p = page();
    await signOut(p);
    await p.getByRole("button", { name: "Sign in with a different e-mail address?" }).click();
    await signInWithPassword(p, journey.identity(), member.email, PASSWORD);
    await p.getByRole("button", { name: "Account menu" }).click();
    await p.getByRole("menuitem", { name: "My Account" }).waitFor();
    assert.equal(await p.getByRole("menuitem", { name: "Administration" }).count(), 0);
    await p.keyboard.press("Escape");
    await p.goto(`${journey.identity()}/admin`);
    await p.getByRole("alert").filter({ hasText: "This page is for administrators of OpenCPMS Login." }).waitFor();
    assert.equal(await p.getByRole("heading", { name: "Applications (OpenID Connect)" }).count(), 0);
  });
});
