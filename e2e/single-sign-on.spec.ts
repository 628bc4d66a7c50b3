/*
 * Seed guides, "CPMS first login" and "Login to the authorization system":
 * on the CPMS home page, "Login via OpenCPMS Login"; the password, then — CPMS
 * requiring a two-level authentication — a second verification method
 * (Mobile + SMS, the code read on /dev/outbox as a person reads the phone);
 * back in CPMS, signed in with the name shown. Then the authorisation system's
 * "Login" passes straight through on the same sign-in (single sign-on: no
 * password asked, no second factor needed). Signing out of CPMS signs out of
 * OpenCPMS Login and, by back-channel logout, of the authorisation system.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { confirmSecondFactor } from "../src/identity/accounts/testing.ts";
import { addVerifiedPhone } from "../src/identity/factors/sms/testing.ts";
import { TestBrowser } from "../src/platform/testing/http-client.ts";
import { eventually, readOutbox } from "./support/browser.ts";
import { expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Pieter", lastName: "Janssens", email: "pieter.janssens@uzleuven.example.be" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const NUMBER = "+321234567890";

describe("seed guides, CPMS first login and the authorization system: single sign-on through OpenCPMS Login", () => {
  const journey = useJourney("single-sign-on", { CAPTCHA: "off" }, async (system) => {
    // The account already has a verified mobile phone number (seed section 2.1, proven by sms.spec.ts).
    const { db } = system.database;
    await addUser(db, system.config, { ...person, password: PASSWORD });
    const setup = new TestBrowser(system.server("identity"));
    await setup.post("/api/sign-in", { email: person.email, password: PASSWORD, method: "password" });
    await confirmSecondFactor(db, setup);
    await addVerifiedPhone(setup, db, NUMBER);
    await setup.post("/api/sign-out");
  });
  const { step, page } = journey;
  const urls = () => journey.system().config.urls;
  const seenCodes = new Set<string>();
  /** The newest challenge code texted to the number, read on /dev/outbox in a second tab (the "phone"), once it is a new one. */
  const newestCode = async () => {
    const phone = await journey.session().context.newPage();
    try {
      return await eventually(`a new SMS to ${NUMBER} on /dev/outbox`, async () => {
        const sms = (await readOutbox(phone, journey.identity())).find((message) => message.channel === "sms" && message.to === NUMBER);
        const code = sms?.text.match(/challenge code is ([A-Z0-9]{4}-[A-Z0-9]{4})\./)?.[1];
        if (!code || seenCodes.has(code)) return undefined;
        seenCodes.add(code);
        return code;
      });
    } finally {
      await phone.close();
    }
  };
  /** Every page the browser loads from now on, to tell whether identity showed one. */
  const pagesLoaded: URL[] = [];

  step("Open CPMS and press “Login via OpenCPMS Login”: OpenCPMS Login asks to sign in", async () => {
    const p = page();
    p.on("framenavigated", (frame) => {
      if (frame === p.mainFrame()) pagesLoaded.push(new URL(frame.url()));
    });
    await p.goto(`${urls().cpms}/`);
    await p.getByRole("heading", { name: "Clinical Patient Management System (CPMS)" }).waitFor();
    await p.getByRole("heading", { name: "Secure Login" }).waitFor();
    await p.getByRole("link", { name: "Login via OpenCPMS Login" }).click();
    await p.getByRole("heading", { name: "Sign in to continue" }).waitFor();
    const here = new URL(p.url());
    assert.equal(here.origin, urls().identity);
    assert.equal(here.pathname, "/login");
    assert.equal(here.searchParams.get("acr"), "substantial");
  });

  step("Sign in with the password only: CPMS needs a second verification method, so OpenCPMS Login asks for one", async () => {
    const p = page();
    await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(person.email);
    await p.getByRole("button", { name: "Next" }).click();
    await p.getByLabel(/^Password/).fill(PASSWORD);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    assert.match(pathOf(p), /^\/step-up\?acr=substantial&returnTo=%2Foidc%2Finteraction%2F/);
  });

  step("Choose “Mobile + SMS” and type the texted code: back in CPMS, signed in, with the name shown", async () => {
    const p = page();
    const method = p.getByRole("combobox", { name: "Choose your verification method" });
    await method.click();
    await p.getByRole("option", { name: "Mobile + SMS" }).click();
    await p.getByRole("button", { name: "Next" }).click();
    const codeField = p.getByRole("textbox", { name: "Text message challenge code" });
    await codeField.waitFor();
    await codeField.fill(await newestCode());
    await p.getByRole("button", { name: "Sign in", exact: true }).click();

    await p.waitForURL(`${urls().cpms}/`);
    await expectText(p.locator("#signed-in"), `Signed in as ${person.firstName} ${person.lastName}`);
    await p.getByText("(assurance level: substantial)").waitFor();
    await p.getByRole("button", { name: "Sign out" }).waitFor();
    await p.screenshot({ path: "/tmp/e2e-cpms-signed-in.png", fullPage: true });
  });

  step("Open the authorisation system and press “Login”: it passes straight through, no password asked", async () => {
    const p = page();
    await p.goto(`${urls().access}/`);
    await p.getByRole("heading", { name: "Login to the authorisation system" }).waitFor();
    const from = pagesLoaded.length;
    await p.getByRole("link", { name: "Login", exact: true }).click();
    await expectText(p.locator("#signed-in"), `Signed in as ${person.firstName} ${person.lastName}`);
    assert.equal(new URL(p.url()).origin, urls().access);
    const identityPages = pagesLoaded.slice(from).filter((url) => url.origin === urls().identity);
    assert.deepEqual(
      identityPages.map((url) => url.pathname),
      [],
      "no page of OpenCPMS Login was shown",
    );
    await p.getByRole("button", { name: "Logout" }).waitFor();
  });

  step("Sign out from CPMS: signed out of CPMS, of OpenCPMS Login and of the authorisation system", async () => {
    const p = page();
    await p.goto(`${urls().cpms}/`);
    await p.getByRole("button", { name: "Sign out" }).click();
    // OpenCPMS Login's sign-out page confirms by itself (CPMS proved who it is) and comes back.
    await p.getByRole("link", { name: "Login via OpenCPMS Login" }).waitFor();
    assert.equal(p.url(), `${urls().cpms}/`);
    assert.ok(
      pagesLoaded.some((url) => url.origin === urls().identity && url.pathname === "/oidc/session/end"),
      "through OpenCPMS Login's sign-out",
    );
    await p.goto(`${urls().access}/`);
    await p.getByRole("link", { name: "Login", exact: true }).waitFor();
    await p.goto(`${journey.identity()}/`);
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    assert.equal(await p.getByRole("heading", { name: /^Welcome, / }).count(), 0);
  });
});
