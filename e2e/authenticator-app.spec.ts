/*
 * The OpenCPMS Authenticator, from My Account to signing in (seeds 001,
 * 002 §2, 004; issue 8, acceptance 1). Two browser contexts: the user's
 * computer, and the phone running the app at /app/ with its own IndexedDB.
 * - My Account → "Manage my mobile devices" → "Add a mobile device": a name
 *   and a PIN twice, "Submit"; the phone "Initialise"s by pasting the QR
 *   code's text, the PIN, "Authenticate"; My Account confirms by itself,
 *   and renames the device in place;
 * - "Mobile App PIN Code": the browser shows a number, the phone shows the
 *   sign-in with three numbers; the user picks the browser's, mistypes the
 *   PIN (told the tries left), types it again, "Approve", and the browser
 *   continues by itself;
 * - "Mobile App QR Code": the phone, offline, starts from its cache, reads
 *   the QR code's text and turns it into the 8-digit code the browser takes;
 * - the phone turns on "Use fingerprint or face" (Chromium's virtual
 *   platform authenticator), and approves a sign-in with it.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { eventually, WAIT_MS } from "./support/browser.ts";
import { openMyAccount, signInWithPassword, signOut } from "./support/actions.ts";
import { expectFieldError, expectText, useJourney } from "./support/journey.ts";

const person = { firstName: "Inês", lastName: "Carvalho", email: "ines.carvalho@chuporto.example.pt" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const PIN = "4831";
const DEVICE = "My work phone";
const RENAMED = "My blue phone";
const LINK_LABEL = "Or copy this text into the app";

describe("the OpenCPMS Authenticator: initialise it from My Account, then sign in with Mobile App PIN Code and Mobile App QR Code", () => {
  const journey = useJourney("authenticator-app", { CAPTCHA: "off" }, async (system) => {
    await addUser(system.database.db, system.config, { ...person, password: PASSWORD });
  });
  const { step, page } = journey;
  let phoneContext: BrowserContext | undefined;
  let phonePage: Page | undefined;
  const phoneErrors: Error[] = [];
  const phone = () => {
    assert.ok(phonePage, "the phone is open");
    return phonePage;
  };

  /** After signing out, the page asks this account's password again ("Welcome back"), with the method. */
  const passwordAndMethod = async (p: Page, label: string) => {
    await p.getByLabel(/^Password/).fill(PASSWORD);
    const method = p.getByRole("combobox", { name: "Choose your verification method" });
    await method.click();
    await p.getByRole("option", { name: label }).click();
    assert.equal(await method.inputValue(), label);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
  };
  const pinField = (p: Page) => p.getByRole("textbox", { name: "Enter your PIN code" });

  step("the phone opens the app: the welcome screen says how to link it, with “Initialise”", async () => {
    phoneContext = await journey.session().browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 }, hasTouch: true });
    phoneContext.setDefaultTimeout(WAIT_MS);
    phonePage = await phoneContext.newPage();
    phonePage.on("pageerror", (error) => phoneErrors.push(error));
    const p = phone();
    await p.goto(`${journey.identity()}/app`);
    assert.equal(new URL(p.url()).pathname, "/app/");
    await p.getByRole("heading", { name: "Welcome" }).waitFor();
    await p.getByText(/Welcome to the OpenCPMS Authenticator!/).waitFor();
    await p.getByText(/My Account → Manage my mobile devices → Add a mobile device/).waitFor();
    const manifest = await p.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? "")).json());
    assert.equal(manifest.name, "OpenCPMS Authenticator");
    assert.equal(
      await p.evaluate(async () => (await navigator.serviceWorker.ready).scope),
      `${journey.identity()}/app/`,
      "the service worker controls the app",
    );
  });

  step("sign in with the password; the gear → My Account → “Manage my mobile devices” → “Add a mobile device”", async () => {
    const p = page();
    await signInWithPassword(p, journey.identity(), person.email, PASSWORD);
    await openMyAccount(p, "Manage my mobile devices");
    await p.getByRole("button", { name: "Add a mobile device" }).click();
    await p.getByText("Please give a name to identify your mobile device and a PIN code to use for it.").waitFor();
    await p.getByRole("textbox", { name: "Your device name" }).fill(DEVICE);
    await p.getByLabel("Your 4 digit PIN code").fill(PIN);
    await p.getByLabel("Confirm your PIN code").fill(PIN);
    await p.getByRole("button", { name: "Submit" }).click();
    await p.getByRole("img", { name: /QR code/ }).waitFor();
  });

  step("the phone: “Initialise”, the QR code's text pasted, the PIN, “Authenticate”; My Account confirms by itself", async () => {
    const p = page();
    const link = await p.getByRole("textbox", { name: LINK_LABEL }).inputValue();
    assert.match(link, new RegExp(`^${journey.identity()}/app/#/init/[A-Za-z0-9_-]+$`));

    const app = phone();
    await app.getByRole("button", { name: "Initialise" }).click();
    const paste = app.getByRole("textbox", { name: "Paste the code's text" });
    await paste.fill("https://example.org/not-our-code");
    await app.getByRole("button", { name: "Continue" }).click();
    await app.getByText("This is not an OpenCPMS Authenticator code. Scan the QR code shown by OpenCPMS Login.").waitFor();
    await paste.fill(link);
    await app.getByRole("button", { name: "Continue" }).click();
    await pinField(app).fill(PIN);
    await app.getByRole("button", { name: "Authenticate" }).click();
    await app.getByRole("heading", { name: "Your device is registered" }).waitFor();
    await expectText(app.getByRole("status"), new RegExp(`“${DEVICE}” is now linked to the OpenCPMS Login account of ${person.firstName} ${person.lastName}`));

    // The computer's page follows the device's status: no reload, no click.
    await eventually("My Account to list the initialised device instead of its QR code", async () => {
      return !(await p.getByRole("textbox", { name: LINK_LABEL }).isVisible()) && (await p.getByText(DEVICE, { exact: true }).first().isVisible());
    });
    await p.screenshot({ path: "/tmp/e2e-authenticator-app-devices.png", fullPage: true });

    await app.getByRole("button", { name: "Continue" }).click();
    await app.getByRole("region", { name: DEVICE }).getByText(`${person.firstName} ${person.lastName} · ${person.email}`).waitFor();
    await app.getByText("No sign-in is waiting for your approval.").waitFor();
  });

  step("My Account renames the device in place: a blank name is refused under the field, then the new name is kept", async () => {
    const p = page();
    await p.getByRole("button", { name: `Rename ${DEVICE}` }).click();
    const name = p.getByRole("textbox", { name: "Your device name" });
    assert.equal(await name.inputValue(), DEVICE);
    await name.fill("   ");
    await p.getByRole("button", { name: "Save" }).click();
    await expectFieldError(name, "Please give your device a name.");
    await name.fill(RENAMED);
    await p.getByRole("button", { name: "Save" }).click();
    await expectText(p.getByTestId("mobile-device").getByText(RENAMED, { exact: true }), RENAMED);
    await p.reload();
    await expectText(p.getByTestId("mobile-device").getByText(RENAMED, { exact: true }), RENAMED);
  });

  step("sign out; sign in with “Mobile App PIN Code”: the phone shows the sign-in, the user picks the browser's number, the PIN, “Approve”", async () => {
    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Mobile App PIN Code");

    const app = phone();
    const request = app.getByRole("article", { name: /^Sign-in to / });
    await request.waitFor();
    await request.getByText("Sign-in waiting for your approval").waitFor();
    const numbers = (await request.getByRole("group", { name: "Choose the number shown on your screen" }).getByRole("button").allTextContents()).map(Number);
    assert.equal(numbers.length, 3, "three numbers to choose from");
    const shown = await eventually("the browser to show one of the phone's numbers", async () => {
      for (const number of numbers) if (await p.getByText(String(number), { exact: true }).first().isVisible()) return number;
      return undefined;
    });
    await app.screenshot({ path: "/tmp/e2e-authenticator-app-request.png", fullPage: true });

    // A wrong number would deny this sign-in (the bad paths are proven in approval.test.ts): pick the browser's.
    await request.getByRole("button", { name: String(shown), exact: true }).click();
    assert.equal(await request.getByRole("button", { name: String(shown), exact: true }).getAttribute("aria-pressed"), "true");
    await pinField(app).fill("1111");
    await request.getByRole("button", { name: "Approve" }).click();
    await expectText(request.getByRole("alert"), "Wrong PIN code. 4 tries left.");
    assert.equal(await pinField(app).inputValue(), "", "the wrong PIN is cleared for typing again");
    assert.equal(await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).count(), 0, "the browser still waits");
    await pinField(app).fill(PIN);
    await request.getByRole("button", { name: "Approve" }).click();
    await expectText(app.getByRole("status"), "Sign-in approved. Your computer continues by itself.");

    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Mobile App PIN Code (assurance level: substantial)");
  });

  step("sign out; “Mobile App QR Code”: the phone, offline, reads the code's text and shows an 8-digit code that signs the browser in", async () => {
    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Mobile App QR Code");
    await p.getByText("Please scan the QR code with your OpenCPMS Authenticator and type in the generated code below.").waitFor();
    const link = await p.getByRole("textbox", { name: LINK_LABEL }).inputValue();
    assert.match(link, new RegExp(`^${journey.identity()}/app/#/qr/[A-Za-z0-9_-]+$`));

    const app = phone();
    assert.ok(phoneContext);
    await phoneContext.setOffline(true);
    await app.reload();
    await app.getByRole("button", { name: "Scan a QR code" }).click();
    await app.getByRole("textbox", { name: "Paste the code's text" }).fill(link);
    await app.getByRole("button", { name: "Continue" }).click();
    await pinField(app).fill(PIN);
    await app.getByRole("button", { name: "Show the code" }).click();
    const shown = await expectText(app.getByTestId("qr-code"), /^\d{4} \d{4}$/);
    await app.screenshot({ path: "/tmp/e2e-authenticator-app-code.png", fullPage: true });
    await phoneContext.setOffline(false);

    await p.getByRole("textbox", { name: "Code generated by your app" }).fill(shown.replace(" ", ""));
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Mobile App QR Code (assurance level: substantial)");
  });

  step("the phone turns on “Use fingerprint or face” (its PIN confirms); sign out; “Mobile App PIN Code” approved with the fingerprint", async () => {
    const app = phone();
    // The phone's fingerprint reader: Chromium's virtual platform authenticator, which verifies its user.
    const cdp = await app.context().newCDPSession(app);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await app.reload();
    const device = app.getByRole("region", { name: DEVICE });
    await device.getByRole("button", { name: "Use fingerprint or face" }).click();
    await device.getByRole("textbox", { name: "Confirm with your PIN code" }).fill(PIN);
    await device.getByRole("button", { name: "Turn on" }).click();
    await expectText(device.getByRole("status"), "Fingerprint or face is turned on.");
    await device.getByText("Sign-ins can be approved with your fingerprint or face.").waitFor();

    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Mobile App PIN Code");
    const request = app.getByRole("article", { name: /^Sign-in to / });
    await request.waitFor();
    const numbers = (await request.getByRole("group", { name: "Choose the number shown on your screen" }).getByRole("button").allTextContents()).map(Number);
    const shown = await eventually("the browser to show one of the phone's numbers", async () => {
      for (const number of numbers) if (await p.getByText(String(number), { exact: true }).first().isVisible()) return number;
      return undefined;
    });
    await request.getByRole("button", { name: String(shown), exact: true }).click();
    await request.getByRole("button", { name: "Approve with fingerprint or face" }).click();
    await device.getByRole("status").filter({ hasText: "Sign-in approved. Your computer continues by itself." }).waitFor();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Mobile App fingerprint or face (assurance level: substantial)");
  });

  step("the phone's pages threw no error", async () => {
    assert.deepEqual(
      phoneErrors.map((error) => error.message),
      [],
    );
    await phoneContext?.close();
  });
});
