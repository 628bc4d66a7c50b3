/*
 * Seed guide, "Security key or trusted platform": signed in with the
 * password, the user adds a passkey in My Account ("My laptop"), renames it,
 * signs out, and signs in again choosing "Security key or trusted platform".
 * The key is Chromium's virtual authenticator (DevTools protocol): a
 * platform authenticator that verifies the user, as a laptop's fingerprint
 * reader would. WebAuthn needs a secure context and an RP ID the browser
 * accepts: the identity URL is http://localhost:PORT.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { eventually, readOutbox } from "./support/browser.ts";
import { openMyAccount, signOut } from "./support/actions.ts";
import { expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Ingrid", lastName: "Nilsson", email: "ingrid.nilsson@karolinska.example" };
const PASSWORD = "Lagoon-Violet-Cedar-42";

describe("passkeys: add a trusted platform in My Account, rename it, and sign in with it", () => {
  let credentialCount: () => Promise<number> = async () => 0;
  let setUserVerified: (isUserVerified: boolean) => Promise<void> = async () => {};
  const journey = useJourney("passkeys", { CAPTCHA: "off" }, async (system, session) => {
    assert.equal(new URL(system.config.urls.identity).hostname, "localhost", "WebAuthn needs the RP ID localhost here, not an IP address");
    await addUser(system.database.db, system.config, { ...person, password: PASSWORD });
    const cdp = await session.context.newCDPSession(session.page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    credentialCount = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials.length;
    setUserVerified = async (isUserVerified) => {
      await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified });
    };
  });
  const { step, page } = journey;

  const signInWith = async (method: string) => {
    const p = page();
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await p.getByLabel(/^Password/).fill(PASSWORD);
    const choice = p.getByRole("combobox", { name: "Choose your verification method" });
    if ((await choice.inputValue()) !== method) {
      await choice.click();
      await p.getByRole("option", { name: method }).click();
    }
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  step("sign in with the password and open “Manage my security keys and trusted platforms”", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/login`);
    await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(person.email);
    await p.getByRole("button", { name: "Next" }).click();
    await signInWith("Password");
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await openMyAccount(p, "Manage my security keys and trusted platforms");
    assert.equal(pathOf(p), "/account/security-keys");
    await p.getByText("You have not added a security key or trusted platform yet.").waitFor();
  });

  step("add one named “My laptop”: the browser asks the platform, and it is listed", async () => {
    const p = page();
    await p.getByRole("button", { name: "Add a security key or trusted platform" }).click();
    await p.getByRole("textbox", { name: "Name" }).fill("My laptop");
    await p.getByRole("button", { name: "Next" }).click();
    await expectText(p.getByRole("status").filter({ hasText: "has been added" }), "“My laptop” has been added. You can now use it to sign in.");
    const listed = p.getByTestId("security-key");
    await expectText(listed.getByText("My laptop", { exact: true }), "My laptop");
    await expectText(listed.getByText(/^Added /), /^Added .+ · not used yet$/);
    assert.equal(await credentialCount(), 1, "the virtual authenticator holds the new credential");
    await p.screenshot({ path: "/tmp/e2e-security-keys.png", fullPage: true });

    const subjects = await eventually("the “added” mail on /dev/outbox", async () => {
      const mails = (await readOutbox(p, journey.identity())).filter((mail) => mail.to === person.email).map((mail) => mail.subject);
      return mails.length ? mails : undefined;
    });
    assert.deepEqual(subjects, ["OpenCPMS Login: a verification method was added"]);
    await p.goBack();
    await p.getByRole("heading", { name: "Manage my security keys and trusted platforms" }).waitFor();
  });

  step("rename it in place", async () => {
    const p = page();
    await p.getByRole("button", { name: "Rename My laptop" }).click();
    const name = p.getByRole("textbox", { name: "New name" });
    assert.equal(await name.inputValue(), "My laptop");
    await name.fill("Work laptop");
    await p.getByRole("button", { name: "Save" }).click();
    await expectText(p.getByTestId("security-key").getByText("Work laptop", { exact: true }), "Work laptop");
    await p.reload();
    await expectText(p.getByTestId("security-key").getByText("Work laptop", { exact: true }), "Work laptop");
  });

  step("sign out, then sign in choosing “Security key or trusted platform”: a refused fingerprint, “Try again”, signed in at assurance high", async () => {
    const p = page();
    await signOut(p);
    assert.equal(p.url(), `${journey.identity()}/login`);
    // The platform cannot verify the user this time (a finger not recognised): the browser gives up.
    await setUserVerified(false);
    await signInWith("Security key or trusted platform");
    await expectText(p.getByRole("alert"), /^The request was cancelled or timed out\. Select “Try again”/);
    assert.equal(pathOf(p), "/login");
    await setUserVerified(true);
    await p.getByRole("button", { name: "Try again" }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    assert.equal(pathOf(p), "/");
    await expectText(p.getByTestId("sign-in-how"), /^Signed in with: Password \+ Trusted platform.* \(assurance level: high\)$/);
    const me = await p.evaluate(async () => (await (await fetch("/api/session")).json()) as { amr: string[]; acr: string });
    assert.deepEqual(me.amr, ["pwd", "swk", "user", "mfa"]);
    assert.equal(me.acr, "high");
    await p.screenshot({ path: "/tmp/e2e-passkey-home.png", fullPage: true });
  });

  step("My Account shows when the key was last used", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/account/security-keys`);
    await expectText(p.getByTestId("security-key").getByText(/^Added /), /^Added .+ · last used .+$/);
  });
});
