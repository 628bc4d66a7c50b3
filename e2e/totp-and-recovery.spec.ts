/*
 * Authenticator apps and recovery codes, from My Account to signing in:
 * add an app by its setup key and first code, save recovery codes, then sign
 * in with an app code and with a recovery code — which works once. One
 * person, one browser, one running system; the test computes the app's codes
 * from the key shown on the page, as the app would.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe } from "node:test";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { eventually, readOutbox } from "./support/browser.ts";
import { openMyAccount, signInWithPassword, signOut } from "./support/actions.ts";
import { expectFieldError, expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Sofie", lastName: "Jensen", email: "sofie.jensen@rigshospitalet.example" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const STEP_SECONDS = 30;

const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);
const codeAt = (secret: string, step: number) => generate({ secret, epoch: step * STEP_SECONDS });

describe("authenticator apps and recovery codes: set them up in My Account, then sign in with each", () => {
  const journey = useJourney("totp-and-recovery", { CAPTCHA: "off" }, async (system) => {
    await addUser(system.database.db, system.config, { ...person, password: PASSWORD });
  });
  const { step, page } = journey;
  let secret = "";
  let confirmedStep = 0;
  let recoveryCode = "";

  const passwordAndMethod = async (p: Page, label: string) => {
    await p.getByLabel(/^Password/).fill(PASSWORD);
    const method = p.getByRole("combobox", { name: "Choose your verification method" });
    await method.click();
    await p.getByRole("option", { name: label }).click();
    assert.equal(await method.inputValue(), label);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  step("sign in with the password; the gear, My Account, “Manage my authenticator apps”", async () => {
    const p = page();
    await signInWithPassword(p, journey.identity(), person.email, PASSWORD);
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await openMyAccount(p, "Manage my authenticator apps");
    assert.equal(pathOf(p), "/account/authenticator-apps");
    await p.getByText("You have not added an authenticator app yet.").waitFor();
  });

  step("“Add an authenticator app”: a name, the QR code and its key; a wrong first code is refused, the right one confirms it", async () => {
    const p = page();
    await p.getByRole("button", { name: "Add an authenticator app" }).click();
    await p.getByRole("textbox", { name: "Name of the app" }).fill("Work phone");
    await p.getByRole("button", { name: "Next" }).click();
    await p.getByText("Set up “Work phone”").waitFor();
    const qr = p.getByRole("img", { name: "QR code to scan with your authenticator app" });
    await qr.waitFor();
    assert.ok(((await qr.getAttribute("src")) ?? "").startsWith("data:image/svg+xml;base64,"), "the QR code is drawn by the server");
    const shown = await expectText(p.getByTestId("totp-secret"), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    secret = shown.replaceAll(" ", "");

    const codeField = p.getByRole("textbox", { name: "Enter the 6-digit code your app shows" });
    const now = currentStep();
    const valid = new Set([await codeAt(secret, now - 1), await codeAt(secret, now), await codeAt(secret, now + 1), await codeAt(secret, now + 2)]);
    await codeField.fill(["000000", "111111", "222222", "333333", "444444"].find((code) => !valid.has(code)) as string);
    await p.getByRole("button", { name: "Confirm" }).click();
    await expectFieldError(codeField, "This code is not correct. Check the time on your phone and type the current code.");

    confirmedStep = currentStep();
    await codeField.fill(await codeAt(secret, confirmedStep));
    await p.getByRole("button", { name: "Confirm" }).click();
    await expectText(p.getByRole("status"), "Your authenticator app has been added. You can now sign in with its codes.");
    await p.getByText("Work phone", { exact: true }).waitFor();
    assert.equal(await p.getByRole("button", { name: "Remove the authenticator app Work phone" }).isVisible(), true);
    await p.screenshot({ path: "/tmp/e2e-authenticator-apps.png", fullPage: true });
  });

  step("“My recovery codes”: ten new codes shown once, downloadable; leaving needs “I have saved these codes”", async () => {
    const p = page();
    await p.getByRole("link", { name: "< My Account" }).click();
    await p.getByRole("link", { name: "My recovery codes" }).click();
    await p.getByRole("heading", { name: "My recovery codes" }).waitFor();
    await p.getByText("You have no recovery codes yet.").waitFor();
    await p.getByRole("button", { name: "Generate new recovery codes" }).click();

    // The account now has a second factor: changing its methods needs a session that used one.
    await p.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    await p.getByRole("combobox", { name: "Choose your verification method" }).click();
    await p.getByRole("option", { name: "Authenticator app code" }).click();
    await p.getByRole("button", { name: "Next" }).click();
    confirmedStep += 1;
    await p.getByRole("textbox", { name: "Authenticator app code" }).fill(await codeAt(secret, confirmedStep));
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: "My recovery codes" }).waitFor();
    assert.equal(pathOf(p), "/account/recovery-codes", "back where the user was");
    await p.getByRole("button", { name: "Generate new recovery codes" }).click();

    const list = p.getByTestId("recovery-codes").getByRole("listitem");
    await eventually("ten codes to be listed", async () => (await list.count()) === 10);
    const codes = (await list.allTextContents()).map((code) => code.trim());
    for (const code of codes) assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    assert.equal(new Set(codes).size, 10);
    recoveryCode = codes[0];

    const [download] = await Promise.all([p.waitForEvent("download"), p.getByRole("button", { name: "Download" }).click()]);
    assert.equal(download.suggestedFilename(), "opencpms-login-recovery-codes.txt");
    const file = await readFile(await download.path(), "utf8");
    for (const code of codes) assert.ok(file.includes(code), `the file lists ${code}`);

    const done = p.getByRole("button", { name: "Done" });
    assert.equal(await done.isDisabled(), true, "not before the codes are saved");
    await p.getByRole("checkbox", { name: "I have saved these codes" }).check();
    await done.click();
    await expectText(p.getByTestId("recovery-remaining"), /^You have 10 unused recovery codes, generated /);
    assert.equal(await p.getByText(recoveryCode).count(), 0, "the codes are not shown again");
  });

  step("sign out; sign in choosing “Authenticator app code” with the app's next code", async () => {
    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Authenticator app code");
    const codeField = p.getByRole("textbox", { name: "Authenticator app code" });
    await codeField.waitFor();
    // The confirmation used its code: wait, as a person would, for the app to show the next one.
    // Each code works once: wait, as a person would, until the app shows the next one.
    await eventually("the app to show a new code", async () => currentStep() >= confirmedStep, 40_000);
    await codeField.fill(await codeAt(secret, confirmedStep + 1));
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    assert.equal(pathOf(p), "/");
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Authenticator app or recovery code (assurance level: substantial)");
  });

  step("sign out; sign in choosing “Recovery code” with a saved code", async () => {
    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Recovery code");
    const codeField = p.getByRole("textbox", { name: "Recovery code" });
    await codeField.fill(recoveryCode.toLowerCase());
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Authenticator app or recovery code (assurance level: substantial)");
  });

  step("sign out; the same recovery code is refused the next time, with a clear message", async () => {
    const p = page();
    await signOut(p);
    await passwordAndMethod(p, "Recovery code");
    const codeField = p.getByRole("textbox", { name: "Recovery code" });
    await codeField.fill(recoveryCode);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await expectFieldError(codeField, "This recovery code has already been used. Each code works once: type another one.");
    assert.equal(pathOf(p), "/login");
    const me = await p.evaluate(async () => (await (await fetch("/api/session")).json()) as { user: unknown });
    assert.equal(me.user, null);

    const subjects = (await readOutbox(p, journey.identity())).filter((mail) => mail.to === person.email).map((mail) => mail.subject);
    assert.deepEqual(subjects, ["OpenCPMS Login: a verification method was added", "OpenCPMS Login: a verification method was added"]);
  });
});
