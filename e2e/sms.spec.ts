/*
 * Seed guide, section 2.1 "Mobile + SMS setup": signed in with the password,
 * the gear → "My Account" → "Manage my mobile phone numbers" → "Add a mobile
 * phone number"; a malformed number is refused, a valid one gets a texted
 * challenge code (read on /dev/outbox, as a person would read the phone),
 * "Finalise"; then sign out and sign in choosing "Mobile + SMS".
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { eventually, readOutbox } from "./support/browser.ts";
import { openMyAccount, signInWithPassword, signOut } from "./support/actions.ts";
import { expectFieldError, expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Pieter", lastName: "Janssens", email: "pieter.janssens@uzleuven.example.be" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const NUMBER = "+321234567890";
const FORMAT_MESSAGE =
  "Enter the number in international format, starting with + and the country code, with no dots, parentheses or hyphens, for example +32123456789.";

describe("seed section 2.1, Mobile + SMS setup: add a mobile phone number, then sign in with Mobile + SMS", () => {
  const journey = useJourney("sms", { CAPTCHA: "off" }, async (system) => {
    await addUser(system.database.db, system.config, { ...person, password: PASSWORD });
  });
  const { step, page } = journey;
  const seenCodes = new Set<string>();
  /** The newest challenge code texted to the number, read on /dev/outbox in a second tab (the "phone"), once it is a new one. */
  const newestCode = async () => {
    const phone = await journey.session().context.newPage();
    try {
      return await eventually(`a new SMS to ${NUMBER} on /dev/outbox`, async () => {
        const sms = (await readOutbox(phone, journey.identity())).find((message) => message.channel === "sms" && message.to === NUMBER);
        const code = sms?.text.match(/^Your OpenCPMS Login challenge code is ([A-Z0-9]{4}-[A-Z0-9]{4})\. It expires in 10 minutes\.$/)?.[1];
        if (!code || seenCodes.has(code)) return undefined;
        seenCodes.add(code);
        return code;
      });
    } finally {
      await phone.close();
    }
  };

  step("Sign in with the password", async () => {
    const p = page();
    await signInWithPassword(p, journey.identity(), person.email, PASSWORD);
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password (assurance level: low)");
  });

  step("the gear → “My Account” → “Manage my mobile phone numbers” → “Add a mobile phone number”", async () => {
    const p = page();
    await openMyAccount(p, "Manage my mobile phone numbers");
    assert.equal(pathOf(p), "/account/phones");
    await p.getByText("You have not added a mobile phone number yet.").waitFor();
    await p.getByRole("button", { name: "Add a mobile phone number" }).click();
    await p.getByRole("heading", { name: "Add a mobile phone number" }).waitFor();
  });

  step("a number with dots is refused next to the field, with the instruction", async () => {
    const p = page();
    const field = p.getByRole("textbox", { name: "Mobile phone number" });
    await field.fill("+32.123.45.67.890");
    await p.getByRole("button", { name: "Add", exact: true }).click();
    await expectFieldError(field, FORMAT_MESSAGE);
    const sms = (await p.evaluate(async () => (await (await fetch("/dev/outbox.json")).json()) as { channel: string }[])).filter((m) => m.channel === "sms");
    assert.equal(sms.length, 0, "nothing was texted");
  });

  step("a valid number gets a challenge code by SMS; “Finalise” with it adds the number", async () => {
    const p = page();
    await p.getByRole("textbox", { name: "Mobile phone number" }).fill(NUMBER);
    await p.getByRole("button", { name: "Add", exact: true }).click();
    await p.getByRole("heading", { name: "Challenge code for adding a mobile phone number, sent by text message" }).waitFor();
    await p.getByText("Please enter the challenge code that was texted to your mobile phone.").waitFor();
    await expectText(p.getByTestId("challenge-number"), `Mobile phone number ${NUMBER}`);

    const code = await newestCode();
    const codeField = p.getByRole("textbox", { name: "Text message challenge code" });
    await codeField.fill("AAAA-BBBB");
    await p.getByRole("button", { name: "Finalise" }).click();
    await expectFieldError(codeField, "This code is not correct. Check the last text message you received.");
    await codeField.fill(code.toLowerCase());
    await p.getByRole("button", { name: "Finalise" }).click();

    await expectText(p.getByRole("status"), `Your mobile phone number ${NUMBER} was added successfully.`);
    await p.getByRole("heading", { name: "Manage my mobile phone numbers" }).waitFor();
    await p.getByText(NUMBER, { exact: true }).waitFor();
    assert.equal(await p.getByText("Waiting for its challenge code").count(), 0);
    assert.equal(await p.getByRole("button", { name: `Delete a mobile phone number ${NUMBER}` }).isVisible(), true);
    await p.getByRole("button", { name: "Add a mobile phone number" }).waitFor();
    await p.getByRole("link", { name: "< My Account" }).waitFor();
    await p.screenshot({ path: "/tmp/e2e-phones.png", fullPage: true });
  });

  step("Sign out; sign in choosing “Mobile + SMS” and the texted code: signed in with Password + Mobile + SMS", async () => {
    const p = page();
    await signOut(p);

    await p.getByLabel(/^Password/).fill(PASSWORD);
    const method = p.getByRole("combobox", { name: "Choose your verification method" });
    await method.click();
    await p.getByRole("option", { name: "Mobile + SMS" }).click();
    assert.equal(await method.inputValue(), "Mobile + SMS");
    await p.getByRole("button", { name: "Sign in", exact: true }).click();

    const codeField = p.getByRole("textbox", { name: "Text message challenge code" });
    await codeField.waitFor();
    await p.getByText(/texted to your mobile phone \+32 \*\*\* \*\*\* 890/).waitFor();
    await codeField.fill(await newestCode());
    await p.getByRole("button", { name: "Sign in", exact: true }).click();

    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    assert.equal(pathOf(p), "/");
    await expectText(p.getByTestId("sign-in-how"), "Signed in with: Password + Mobile + SMS (assurance level: substantial)");
    await p.screenshot({ path: "/tmp/e2e-home-sms.png", fullPage: true });
  });

  step("“Delete a mobile phone number”: the last-factor warning, then “Remove anyway”", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/account/phones`);
    await p.getByRole("button", { name: `Delete a mobile phone number ${NUMBER}` }).click();
    const dialog = p.getByRole("dialog", { name: "Delete a mobile phone number" });
    await dialog.getByText(`Delete ${NUMBER}?`).waitFor();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await expectText(dialog.getByRole("alert"), /^This is your last second verification method\./);
    assert.equal(await p.getByText(NUMBER, { exact: true }).count(), 1, "nothing deleted yet");
    await dialog.getByRole("button", { name: "Remove anyway" }).click();
    await expectText(p.getByRole("status"), `Your mobile phone number ${NUMBER} was deleted.`);
    await p.getByText("You have not added a mobile phone number yet.").waitFor();
  });
});
