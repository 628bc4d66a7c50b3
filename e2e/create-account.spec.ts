/*
 * Seed guide, section 1 "EU login setup": Create an account, the
 * confirmation mail, Create a password, Sign in — then sign out, sign in with
 * a different address, and "Lost your password?". One person, one browser,
 * one running system (CAPTCHA off); each step continues where the previous
 * one left off.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { eventually, newestOutboxLink, readOutbox } from "./support/browser.ts";
import { expectFieldError, expectText, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Amélie", lastName: "Dupont", email: "amelie.dupont@chu-lyon.example.org" };
const WEAK_PASSWORD = "password";
const FIRST_PASSWORD = "Lagoon-Violet-Cedar-42";
const NEW_PASSWORD = "Harbour-Quartz-Maple-87";
const SET_PASSWORD_LINK = /\/password\/set\?token=[^&\s]+$/;

describe("seed section 1, EU login setup: create an account, confirm it, create a password, sign in", () => {
  const journey = useJourney("create-account", { CAPTCHA: "off" });
  const { step, page } = journey;

  step("Create an account: the form is filled like a person would and the confirmation is shown", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/register`);
    await p.getByRole("heading", { name: "Create an account" }).waitFor();
    assert.equal(await p.title(), "OpenCPMS Login");

    await p.getByRole("textbox", { name: "First name" }).fill(person.firstName);
    await p.getByRole("textbox", { name: "Last name" }).fill(person.lastName);
    await p.getByRole("textbox", { name: "E-mail", exact: true }).fill(person.email);
    // Typed in another case: the address is compared and stored normalised.
    await p.getByRole("textbox", { name: "Confirm e-mail" }).fill(person.email.toUpperCase());

    const language = p.getByRole("combobox", { name: "E-mail language" });
    assert.equal(await language.inputValue(), "English (en)", "English is the default e-mail language");
    await language.click();
    await language.fill("fran");
    await p.getByRole("option", { name: "français (fr)" }).click();
    assert.equal(await language.inputValue(), "français (fr)");

    const privacy = p.getByRole("checkbox", { name: /privacy statement/ });
    assert.equal(await privacy.isChecked(), false);
    await privacy.check();
    assert.equal(await privacy.isChecked(), true);

    await p.getByRole("button", { name: "Create an account" }).click();
    await p.getByRole("heading", { name: "Check your mailbox" }).waitFor();
    await expectText(p.getByRole("status"), `Thank you. We have sent a message to ${person.email}: follow its link to create your password.`);
    await p.getByText("The link is valid for 30 minutes.").waitFor();
    assert.equal(pathOf(p), "/register");
  });

  step("the registration mail on /dev/outbox leads to “Create your password”", async () => {
    const p = page();
    const mails = (await readOutbox(p, journey.identity())).filter((mail) => mail.to === person.email);
    assert.equal(mails.length, 1, "exactly one mail was sent to the new address");
    assert.match(mails[0].subject, /you have been registered/i);
    assert.match(mails[0].text, new RegExp(`Dear ${person.firstName},`));

    const link = await newestOutboxLink(p, journey.identity(), person.email, SET_PASSWORD_LINK, /you have been registered/i);
    assert.ok(link.startsWith(`${journey.identity()}/password/set?token=`), `the link points to this sign-in service: ${link}`);
    await p.locator(`a[href="${link}"]`).click();
    await p.waitForURL(link);
    await p.getByRole("heading", { name: "Create your password" }).waitFor();
    await p.getByText(`For ${person.email}`).waitFor();
  });

  step("Create a password: a weak one is refused next to its field, a strong one is set", async () => {
    const p = page();
    const url = p.url();
    const newPassword = p.getByLabel(/^New password/);
    const confirmPassword = p.getByLabel(/^Confirm new password/);
    const strength = p.getByTestId("password-strength");

    await expectText(strength.getByText(/^Strength:/), "Strength: —");
    await newPassword.fill(WEAK_PASSWORD);
    await expectText(strength.getByText(/^Strength:/), /^Strength: (Very weak|Weak)$/);
    await strength.getByText("At least 10 characters").waitFor();
    await confirmPassword.fill(WEAK_PASSWORD);
    await p.getByRole("button", { name: "Submit" }).click();
    await expectFieldError(newPassword, "Your password must be at least 10 characters long.");
    await p.getByText("Your password must be at least 10 characters long.").waitFor();
    assert.equal(p.url(), url, "a refused password stays on the page");
    await p.getByRole("heading", { name: "Create your password" }).waitFor();
    assert.equal(await p.getByRole("heading", { name: "Your password has been set" }).count(), 0);

    await newPassword.fill(FIRST_PASSWORD);
    await expectText(strength.getByText(/^Strength:/), /^Strength: (Strong|Very strong)$/);
    await eventually("every rule of the checklist to be ticked", async () => {
      const marks = await strength.locator("li").allTextContents();
      return marks.length === 4 && marks.every((mark) => mark.startsWith("✓"));
    });
    await confirmPassword.fill(FIRST_PASSWORD);
    await p.screenshot({ path: "/tmp/e2e-set-password.png", fullPage: true });
    await p.getByRole("button", { name: "Submit" }).click();

    await p.getByRole("heading", { name: "Your password has been set" }).waitFor();
    await expectText(p.getByRole("status"), "Your password has been set. You can now sign in.");
    await p.getByRole("button", { name: "Proceed to sign in" }).click();
    await p.waitForURL(`${journey.identity()}/login?email=${encodeURIComponent(person.email)}`);
  });

  step("Sign in: “Welcome back” with the e-mail, the password, then the home page", async () => {
    const p = page();
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await expectText(p.getByTestId("signin-email"), person.email);
    await p.getByLabel(/^Password/).fill(FIRST_PASSWORD);
    assert.equal(await p.getByRole("combobox", { name: "Choose your verification method" }).inputValue(), "Password");
    await p.getByRole("button", { name: "Sign in", exact: true }).click();

    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    assert.equal(pathOf(p), "/");
    await p.getByText(`You are signed in to OpenCPMS Login as ${person.email}.`).waitFor();
    await expectText(p.getByTestId("sign-in-how"), /^Signed in with: Password \(assurance level: .+\)$/);
    await p.screenshot({ path: "/tmp/e2e-home.png", fullPage: true });

    const me = await p.evaluate(async () => (await (await fetch("/api/session")).json()) as { user: { firstName: string; lastName: string; locale: string } });
    assert.deepEqual(
      { firstName: me.user.firstName, lastName: me.user.lastName, locale: me.user.locale },
      { firstName: person.firstName, lastName: person.lastName, locale: "fr" },
      "the account keeps the names and the e-mail language picked at registration",
    );
  });

  step("Sign out from the gear menu; the e-mail is remembered; “Sign in with a different e-mail address?”", async () => {
    const p = page();
    await p.getByRole("button", { name: "Account menu" }).click();
    await p.getByRole("menu").getByText(`${person.firstName} ${person.lastName}`).waitFor();
    await p.getByRole("menuitem", { name: "Sign out" }).click();

    await p.waitForURL(`${journey.identity()}/login`);
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await expectText(p.getByTestId("signin-email"), person.email);
    // Signed out for real: the home page sends back to sign in.
    const me = await p.evaluate(async () => (await (await fetch("/api/session")).json()) as { user: unknown });
    assert.equal(me.user, null);

    await p.getByRole("button", { name: "Sign in with a different e-mail address?" }).click();
    await p.getByRole("heading", { name: "Sign in to continue" }).waitFor();
    const emailField = p.getByRole("textbox", { name: "Use your e-mail address" });
    assert.equal(await emailField.inputValue(), "");
    assert.equal(await p.getByRole("button", { name: "Next" }).isVisible(), true);
    assert.equal(await p.getByRole("heading", { name: "Welcome back" }).count(), 0);

    // Forgotten on the device too: a reload still asks for the address.
    await p.reload();
    await p.getByRole("heading", { name: "Sign in to continue" }).waitFor();
  });

  step("Lost your password: the reset mail's link sets a new password; the old one no longer works", async () => {
    const p = page();
    await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(person.email);
    await p.getByRole("button", { name: "Next" }).click();
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await p.getByRole("link", { name: "Lost your password?" }).click();

    await p.getByRole("heading", { name: "Lost your password?" }).waitFor();
    assert.equal(pathOf(p), `/password/lost?email=${encodeURIComponent(person.email)}`);
    const emailField = p.getByRole("textbox", { name: "E-mail", exact: true });
    assert.equal(await emailField.inputValue(), person.email, "the address typed at sign in is filled in");
    await p.getByRole("button", { name: "Send me a link" }).click();
    await expectText(p.getByRole("status"), `If an account exists for ${person.email}, we have sent it a mail with a link to choose a password.`);

    const firstLink = await newestOutboxLink(p, journey.identity(), person.email, SET_PASSWORD_LINK, /you have been registered/i);
    const resetLink = await newestOutboxLink(p, journey.identity(), person.email, SET_PASSWORD_LINK, /reset your password/i);
    assert.notEqual(resetLink, firstLink, "the reset mail carries a new link");
    await p.locator(`a[href="${resetLink}"]`).click();
    await p.waitForURL(resetLink);
    await p.getByRole("heading", { name: "Choose a new password" }).waitFor();
    await p.getByText(`For ${person.email}`).waitFor();
    await p.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await p.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Submit" }).click();
    await p.getByRole("heading", { name: "Your password has been set" }).waitFor();
    await p.getByRole("button", { name: "Proceed to sign in" }).click();

    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await expectText(p.getByTestId("signin-email"), person.email);
    const password = p.getByLabel(/^Password/);
    await password.fill(FIRST_PASSWORD);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await expectText(p.getByRole("alert"), "The e-mail address or the password is not correct.");
    assert.equal(new URL(p.url()).pathname, "/login", "the old password does not sign in");

    await password.fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    assert.equal(pathOf(p), "/");

    const mails = (await readOutbox(p, journey.identity())).filter((mail) => mail.to === person.email).map((mail) => mail.subject);
    assert.deepEqual(
      mails,
      ["OpenCPMS Login: your password was changed", "OpenCPMS Login: reset your password", "OpenCPMS Login: you have been registered"],
      "the owner is told that the password changed",
    );
  });

  step("“Create an account” on “Sign in to continue” leads to the registration page", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/`);
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await p.getByRole("button", { name: "Account menu" }).click();
    await p.getByRole("menuitem", { name: "Sign out" }).click();
    await p.getByRole("heading", { name: "Welcome back" }).waitFor();
    await p.getByRole("button", { name: "Sign in with a different e-mail address?" }).click();
    await p.getByRole("heading", { name: "Sign in to continue" }).waitFor();

    await p.getByRole("link", { name: "Create an account" }).click();
    await p.waitForURL(`${journey.identity()}/register`);
    await p.getByRole("heading", { name: "Create an account" }).waitFor();
    assert.equal(await p.getByRole("textbox", { name: "First name" }).inputValue(), "");
    assert.equal(await p.getByRole("button", { name: "Create an account" }).isVisible(), true);
  });
});
