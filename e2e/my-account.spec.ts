/*
 * Seed guide, section 2: after signing in, the gear icon at the top right
 * opens "My Account". Changing the password there after a while asks for the
 * password again first; "My sign-in history" then shows what happened.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { eq } from "drizzle-orm";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { sessions } from "../src/identity/accounts/tables.ts";
import { eventually } from "./support/browser.ts";
import { signInWithPassword, signOut } from "./support/actions.ts";
import { pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Tomas", lastName: "Horvat", email: "tomas.horvat@kbc-zagreb.example" };
const PASSWORD = "Lagoon-Violet-Cedar-42";
const NEW_PASSWORD = "Granite-Willow-Comet-73";

describe("seed section 2, My Account: change the password after confirming it is you, then read the sign-in history", () => {
  const journey = useJourney("my-account", { CAPTCHA: "off" }, async (system) => {
    userId = (await addUser(system.database.db, system.config, { ...person, password: PASSWORD })).id;
  });
  const { step, page } = journey;
  let userId = "";

  step("sign in with the password, then the gear opens My Account with its sections", async () => {
    const p = page();
    await signInWithPassword(p, journey.identity(), person.email, PASSWORD);
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
    await p.getByRole("button", { name: "Account menu" }).click();
    await p.getByRole("menuitem", { name: "My Account" }).click();
    await p.getByRole("heading", { name: "My Account" }).waitFor();
    assert.equal(pathOf(p), "/account");
    for (const section of [
      "Manage my mobile phone numbers",
      "Manage my security keys and trusted platforms",
      "Manage my authenticator apps",
      "Manage my mobile devices",
      "Change password",
      "My recovery codes",
      "My sign-in history",
    ]) {
      assert.equal(await p.getByRole("link", { name: section }).isVisible(), true, `"${section}" is offered`);
    }
  });

  step("Change password after a while: the password is asked again, then the change is made", async () => {
    const p = page();
    // Ten minutes pass: the sign-in is no longer recent.
    await journey
      .system()
      .database.db.update(sessions)
      .set({ authTime: new Date(Date.now() - 10 * 60_000) })
      .where(eq(sessions.userId, userId));
    await p.getByRole("link", { name: "Change password" }).click();
    await p.getByLabel(/^New password/).fill(NEW_PASSWORD);
    await p.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Change password" }).click();
    const dialog = p.getByRole("dialog", { name: "Confirm it is you" });
    await dialog.waitFor();
    await dialog.getByLabel(/^Password/).fill("not-my-password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByRole("alert").filter({ hasText: "The e-mail address or the password is not correct." }).waitFor();
    await dialog.getByLabel(/^Password/).fill(PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await p.getByRole("status").filter({ hasText: "Your password has been changed." }).waitFor();
  });

  step("My sign-in history lists the sign-in, the wrong password and the change", async () => {
    const p = page();
    await p.getByRole("link", { name: "< My Account" }).click();
    await p.getByRole("link", { name: "My sign-in history" }).click();
    await p.getByRole("heading", { name: "My sign-in history" }).waitFor();
    const rows = await eventually("the history rows", async () => {
      const texts = await p.locator("tbody tr").allTextContents();
      return texts.length >= 4 && texts;
    });
    const joined = rows.join("\n");
    for (const label of ["Signed in", "Wrong password", "Password confirmed", "Password changed"]) assert.match(joined, new RegExp(label));
  });

  step("the new password signs in, the old one no longer does", async () => {
    const p = page();
    await signOut(p);
    await p.getByLabel(/^Password/).fill(PASSWORD);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("alert").filter({ hasText: "The e-mail address or the password is not correct." }).waitFor();
    await p.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: `Welcome, ${person.firstName}` }).waitFor();
  });
});
