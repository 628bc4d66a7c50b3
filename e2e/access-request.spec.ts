/*
 * Seed guides, "Making a CPMS access request" (000 §3, 002 §3, 003 steps
 * 3–8): a new user logs in to the authorisation system with the password
 * only (a second verification method is not required), presses "Request
 * access" and goes through the four steps — CPMS; EURACAN - Adult Cancers,
 * France, FR01 (after first making the FAQ's mistake of selecting only the
 * ERN, which the wizard stops); HP; a comment — and sees the request on
 * Home. A coordinator of EURACAN, in a browser of their own, approves it in
 * "Approvals"; the requester is mailed the decision (read on access's
 * /dev/outbox) and sees the right granted on Home.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe } from "node:test";
import { and, eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { addApprover } from "../src/access/approvals/approvers.ts";
import { seedAccessCatalog } from "../src/access/catalog/seed.ts";
import { profiles } from "../src/access/catalog/tables.ts";
import { rights } from "../src/access/requests/tables.ts";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { eventually, readOutbox, WAIT_MS } from "./support/browser.ts";
import { expectText, useJourney } from "./support/journey.ts";

const requester = { firstName: "Pauline", lastName: "Fouché", email: "pauline.fouche@aphp.example.fr", password: "Harbour-Maple-Quartz-17" };
const coordinator = { firstName: "Jean-Yves", lastName: "Blay", email: "jean-yves.blay@euracan.example.eu", password: "Granite-Orchid-Tundra-58" };
const FR01 = "FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière";
const COMMENT = "Medical oncologist at the sarcoma unit; I will present patients in EURACAN panels.";
const fullName = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`;

/** At identity: the e-mail, "Next", the password with the verification method left at "Password", "Sign in". */
async function signInAtIdentity(p: Page, person: { email: string; password: string }) {
  await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(person.email);
  await p.getByRole("button", { name: "Next" }).click();
  await p.getByLabel(/^Password/).fill(person.password);
  await p.getByRole("button", { name: "Sign in", exact: true }).click();
}

describe("seed guides, CPMS access request: New application access in four steps, approved by the ERN's coordinator", () => {
  const journey = useJourney("access-request", { CAPTCHA: "off" }, async (system) => {
    const { db } = system.database;
    await addUser(db, system.config, requester);
    await addUser(db, system.config, coordinator);
    // The demo hospitals: EURACAN / France holds the seed's eight rows.
    await seedAccessCatalog(db, { demoProviders: true });
    await addApprover(db, { email: coordinator.email, name: fullName(coordinator), ernCode: "EURACAN", role: "coordinator" });
  });
  const { step, page } = journey;
  const access = () => journey.system().config.urls.access;
  const pagesLoaded: URL[] = [];
  let coordinatorContext: BrowserContext | undefined;
  const myRights = (p: Page) => p.getByRole("table", { name: "My requests and rights" });

  step("Open the authorisation system: it explains itself and offers “Login to the authorisation system”, a password being enough", async () => {
    const p = page();
    p.on("framenavigated", (frame) => {
      if (frame === p.mainFrame()) pagesLoaded.push(new URL(frame.url()));
    });
    await p.goto(`${access()}/`);
    await p.getByRole("heading", { name: "Login to the authorisation system" }).waitFor();
    await p.getByText("a second verification method is not required").waitFor();
    assert.equal(await p.getByRole("link", { name: "Create an account" }).getAttribute("href"), `${journey.identity()}/register`);
  });

  step("Press “Login” and sign in with the password only: no second factor asked, back on Home, signed in", async () => {
    const p = page();
    await p.getByRole("link", { name: "Login", exact: true }).click();
    await p.getByRole("heading", { name: "Sign in to continue" }).waitFor();
    await signInAtIdentity(p, requester);
    await expectText(p.locator("#signed-in"), `Signed in as ${fullName(requester)}`);
    assert.equal(p.url(), `${access()}/`);
    assert.ok(!pagesLoaded.some((url) => url.pathname === "/step-up"), "no second verification method was asked");
    await p.getByRole("heading", { name: "My requests and rights" }).waitFor();
    await p.getByText("You have not asked for access yet.").waitFor();
    const menu = p.getByRole("navigation", { name: "Main menu" });
    for (const entry of ["Home", "Request access", "User Data details"]) await menu.getByRole("link", { name: entry }).waitFor();
    assert.equal(await menu.getByRole("link", { name: "Approvals" }).count(), 0, "Approvals is for approvers only");
  });

  step("“Request access”, step 1: the Application box starts at “[No value selected]”; select CPMS, “Step 2 : select an organisation ->”", async () => {
    const p = page();
    // "Click “Request access” in the top left".
    await p.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Request access" }).click();
    await p.getByRole("heading", { name: "New application access" }).waitFor();
    for (const label of ["Select application", "Select organisation", "Select access profile", "Recap and Submission"])
      await p.getByText(label, { exact: true }).waitFor();
    const application = p.getByRole("combobox", { name: "Application" });
    assert.equal(await application.locator("option:checked").textContent(), "[No value selected]");
    await application.selectOption({ label: "CPMS" });
    await p.getByRole("button", { name: "Step 2 : select an organisation ->" }).click();
    await p.getByText("*Organisations").waitFor();
    await p.getByRole("radio", { name: "EURACAN - Adult Cancers" }).waitFor();
  });

  step("Step 2, the FAQ's mistake: only the ERN's round button, then Step 3 — the wizard stays on step 2 and says what to do", async () => {
    const p = page();
    await p.getByRole("radio", { name: "EURACAN - Adult Cancers" }).check();
    await p.getByRole("button", { name: "Step 3 : select an access profile →" }).click();
    const guidance = p.getByRole("alert").filter({ hasText: "Please select your centre" });
    await expectText(
      guidance,
      /Press “Open” next to “EURACAN - Adult Cancers”, then “Open” next to your country, and select your centre — or “0000 Guest Access”/,
    );
    assert.equal(new URL(p.url()).searchParams.get("step"), "2");
    assert.equal(await p.getByText("*Access Profile").count(), 0);
  });

  step("“Open” EURACAN, then France: “← Up / EURACAN - Adult Cancers / France” and the seed's eight entries", async () => {
    const p = page();
    await p.getByRole("button", { name: "Open EURACAN - Adult Cancers" }).click();
    await p.getByRole("button", { name: "Open France" }).click();
    const trail = p.getByRole("navigation", { name: "Where you are in the list of organisations" });
    await expectText(trail, "← Up/EURACAN - Adult Cancers/France");
    await expectText(p.getByTestId("organisations-count"), "Showing 1 to 8 of 8 entries");
    await p.getByRole("radio", { name: "0000 Guest Access" }).waitFor();
    await p.getByText("Organisation marked with (request submitted) can already be used to request access.").waitFor();
  });

  step("Select FR01, Step 3: the access profiles of CPMS; check HP, Step 4", async () => {
    const p = page();
    await p.getByRole("radio", { name: FR01 }).check();
    await p.getByRole("button", { name: "Step 3 : select an access profile →" }).click();
    await p.getByText("*Access Profile").waitFor();
    const profiles = p.getByRole("table", { name: "Access Profile" });
    await profiles.getByRole("checkbox", { name: "HP" }).waitFor();
    assert.equal(await profiles.getByRole("checkbox").count(), 6, "Coordinator, Dispatcher, HP, Panel Manager ERN, Panel Manager HCP, Researcher");
    await profiles
      .getByRole("row")
      .filter({ hasText: "healthcare professional available to participate in or lead panels" })
      .getByRole("checkbox", { name: "HP" })
      .check();
    await p.getByRole("button", { name: "Step 4 : type a comment →" }).click();
    await p.getByText("Before submitting").waitFor();
  });

  step("Step 4: the Summary reads CPMS / FR01 / HP; a comment, “Submit request access”: submitted, to be notified by e-mail", async () => {
    const p = page();
    const summary = p.getByRole("table", { name: "Summary" });
    await expectText(summary.getByRole("row").filter({ hasText: "Application" }).getByRole("cell"), "CPMS");
    await expectText(summary.getByRole("row").filter({ hasText: "Organisation" }).getByRole("cell"), FR01);
    await expectText(summary.getByRole("row").filter({ hasText: "Access Profile" }).getByRole("cell"), "HP");
    await p
      .getByText("A request to get access to an application will be validated by the administrators, this is a manual process and can take a few days.")
      .waitFor();
    await p.getByRole("textbox", { name: "Comments" }).fill(COMMENT);
    await p.getByRole("button", { name: "Submit request access" }).click();
    await p.getByText("Your request has been submitted").waitFor();
    await p
      .getByRole("status")
      .getByText(/you will be notified by e-mail/i)
      .waitFor();
  });

  step("Home lists the request: CPMS, FR01 in EURACAN / France, HP, requested", async () => {
    const p = page();
    await p.getByRole("link", { name: "Back to Home" }).click();
    const row = myRights(p).getByRole("row").filter({ hasText: FR01 });
    await expectText(row.getByRole("cell").nth(0), "CPMS");
    await expectText(row.getByRole("cell").nth(2), "HP");
    await expectText(row.getByRole("cell").nth(3), "requested");
    await row.getByRole("button", { name: /^Withdraw / }).waitFor();
  });

  step("The coordinator of EURACAN, in a browser of their own, opens “Approvals”, logs in and sees the request with its comment", async () => {
    const browser = journey.session().browser;
    coordinatorContext = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    coordinatorContext.setDefaultTimeout(WAIT_MS);
    const p = await coordinatorContext.newPage();
    const errors: Error[] = [];
    p.on("pageerror", (error) => errors.push(error));
    await p.goto(`${access()}/approvals`);
    await p.getByRole("link", { name: "Login", exact: true }).click();
    await signInAtIdentity(p, coordinator);
    await expectText(p.locator("#signed-in"), `Signed in as ${fullName(coordinator)}`);
    assert.equal(p.url(), `${access()}/approvals`, "back on the page opened before Login");
    await p.getByRole("heading", { name: "Approvals" }).waitFor();
    const menuEntry = p.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Approvals" });
    assert.equal(await menuEntry.getAttribute("aria-current"), "page");
    const row = p
      .getByRole("table", { name: "Access requests to decide" })
      .getByRole("row")
      .filter({ hasText: fullName(requester) });
    await row.getByText(requester.email).waitFor();
    await row.getByText(COMMENT).waitFor();
    await row.getByText(FR01).waitFor();
    assert.deepEqual(errors, []);
  });

  step("The coordinator approves it: confirmed, and the queue no longer lists it", async () => {
    assert.ok(coordinatorContext);
    const [p] = coordinatorContext.pages();
    const queue = p.getByRole("table", { name: "Access requests to decide" });
    await queue.getByRole("button", { name: `Approve ${fullName(requester)}: HP in CPMS at ${FR01}` }).click();
    const dialog = p.getByRole("dialog", { name: "Approve this request?" });
    assert.equal(await dialog.getByLabel("Message to the requester (optional)").getAttribute("maxlength"), "1000", "as long as the server accepts");
    await dialog.getByRole("button", { name: "Approve", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await p.getByText("Nothing to decide").waitFor();
    await coordinatorContext.close();
  });

  step("The requester is mailed: CPMS, HP at FR01, approved", async () => {
    const mailbox = await journey.session().context.newPage();
    try {
      const mail = await eventually(`the decision mailed to ${requester.email} on access's /dev/outbox`, async () =>
        (await readOutbox(mailbox, access(), "OpenCPMS Authorisation")).find((message) => message.channel === "mail" && message.to === requester.email),
      );
      assert.equal(mail.subject, "Your access request for CPMS was approved");
      assert.match(mail.text, /Application: CPMS/);
      assert.match(mail.text, /Organisation: FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière/);
      assert.match(mail.text, /Access profile: HP/);
      assert.match(mail.text, /Decision: approved/);
    } finally {
      await mailbox.close();
    }
  });

  step("The requester reloads Home: the right is granted, can be asked for removal, and its History names the coordinator", async () => {
    const p = page();
    await p.reload();
    const row = myRights(p).getByRole("row").filter({ hasText: FR01 });
    await expectText(row.getByRole("cell").nth(3), "granted");
    await row.getByRole("button", { name: /^Request removal / }).click();
    const removal = p.getByRole("dialog", { name: "Request removal of this right?" });
    assert.equal(await removal.getByLabel("Why (optional)").getAttribute("maxlength"), "1000", "as long as the server accepts");
    await removal.getByRole("button", { name: "Cancel" }).click();
    await removal.waitFor({ state: "detached" });
    await row.getByRole("button", { name: /^History of / }).click();
    const history = p.getByRole("dialog", { name: `History: HP at ${FR01}` });
    const approved = history.getByRole("row").filter({ hasText: "Request approved" });
    await expectText(approved.getByRole("cell").nth(1), fullName(coordinator));
    await expectText(approved.getByRole("cell").nth(3), "granted");
    await p.keyboard.press("Escape");
    await history.waitFor({ state: "detached" });
  });

  step("Asked for meanwhile elsewhere: Step 4 names the profile; once another is chosen in Step 3, that refusal is gone", async () => {
    const p = page();
    await p.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Request access" }).click();
    await p.getByRole("combobox", { name: "Application" }).selectOption({ label: "CPMS" });
    await p.getByRole("button", { name: "Step 2 : select an organisation ->" }).click();
    await p.getByRole("button", { name: "Open EURACAN - Adult Cancers" }).click();
    await p.getByRole("button", { name: "Open France" }).click();
    await p.getByRole("radio", { name: FR01 }).check();
    await p.getByRole("button", { name: "Step 3 : select an access profile →" }).click();
    const profileTable = p.getByRole("table", { name: "Access Profile" });
    await profileTable.getByRole("checkbox", { name: "Researcher" }).check();
    await p.getByRole("button", { name: "Step 4 : type a comment →" }).click();
    // The same profile is asked for in another tab before this one submits.
    const { db } = journey.system().database;
    const [held] = await db.select().from(rights).where(eq(rights.requesterEmail, requester.email));
    const [researcher] = await db
      .select()
      .from(profiles)
      .where(and(eq(profiles.applicationId, "CPMS"), eq(profiles.name, "Researcher")));
    await db.insert(rights).values({ ...held, id: undefined, submissionId: randomUUID(), profileId: researcher.id, status: "requested", decidedAt: null });
    await p.getByRole("button", { name: "Submit request access" }).click();
    const profileRow = p.getByRole("table", { name: "Summary" }).getByRole("row").filter({ hasText: "Access Profile" });
    await expectText(profileRow.getByRole("alert"), /You already asked for “Researcher” \(requested\)/);
    await profileRow.getByRole("button", { name: "Change" }).click();
    await profileTable.getByRole("checkbox", { name: "Dispatcher" }).check();
    await p.getByRole("button", { name: "Step 4 : type a comment →" }).click();
    await expectText(profileRow.getByRole("cell"), "Dispatcher");
    assert.equal(await p.getByText("You already asked for").count(), 0, "the refusal of the profile chosen before is not shown beside the new one");
    // “Cancel” on the last step leaves the wizard for Home, its answers forgotten.
    await p.getByRole("button", { name: "Cancel" }).click();
    await p.getByRole("heading", { name: "My requests and rights" }).waitFor();
    assert.equal(new URL(p.url()).pathname, "/");
    await p.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Request access" }).click();
    assert.equal(await p.getByRole("combobox", { name: "Application" }).locator("option:checked").textContent(), "[No value selected]");
  });

  step("“Logout”: signed out of the authorisation system, the Login box is back", async () => {
    const p = page();
    await p.getByRole("button", { name: "Logout" }).click();
    await p.getByRole("heading", { name: "Login to the authorisation system" }).waitFor();
    assert.equal(new URL(p.url()).origin, access());
    assert.equal(await p.locator("#signed-in").count(), 0);
  });
});
