/*
 * Issue 7, acceptance journey 2 — a request for assistance becomes a panel:
 * a clinician outside EURACAN (HP at its "0000 Guest Access" entry in
 * Portugal), granted in the authorisation system, logs in to CPMS with the
 * password and Mobile + SMS, enrols a patient and asks EURACAN for
 * assistance from the patient's Panels tab; the Dispatcher of EURACAN sees
 * the request in EURACAN's "Requests for assistance" and assigns an HP of
 * EURACAN / France (FR01) who chose the request's thematic area as panel
 * lead; the lead finds the notification in the bell, opens the panel —
 * a draft started from the request, the guest a member — and opens it.
 * The texted codes are read on identity's /dev/outbox, as a person reads
 * the phone.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { right } from "../src/access/api/testing.ts";
import { seedAccessCatalog } from "../src/access/catalog/seed.ts";
import { profileId, providerId } from "../src/access/requests/testing.ts";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { confirmSecondFactor } from "../src/identity/accounts/testing.ts";
import { addVerifiedPhone } from "../src/identity/factors/sms/testing.ts";
import { TestBrowser } from "../src/platform/testing/http-client.ts";
import type { System } from "../src/system.ts";
import { eventually, readOutbox, WAIT_MS } from "./support/browser.ts";
import { expectFieldError, expectText, pathOf, useJourney } from "./support/journey.ts";

type Person = { firstName: string; lastName: string; email: string; password: string; phone: string; profile: string; at: [string, string, string] };

const guest: Person = {
  firstName: "Inês",
  lastName: "Carvalho",
  email: "ines.carvalho@hospital-braga.example.pt",
  password: "Lantern-Coral-Meadow-28",
  phone: "+351912345678",
  profile: "HP",
  at: ["EURACAN", "PT", "0000"],
};
const dispatcher: Person = {
  firstName: "Claire",
  lastName: "Dubois",
  email: "claire.dubois@aphp.example.fr",
  password: "Pepper-Orchid-Summit-45",
  phone: "+33623456789",
  profile: "Dispatcher",
  at: ["EURACAN", "FR", "FR01"],
};
const lead: Person = {
  firstName: "Étienne",
  lastName: "Laurent",
  email: "etienne.laurent@aphp.example.fr",
  password: "Falcon-Birch-Harbour-92",
  phone: "+33634567890",
  profile: "HP",
  at: ["EURACAN", "FR", "FR01"],
};
const fullName = (person: Person) => `${person.firstName} ${person.lastName}`;
const AREA = "Sarcoma of the soft tissue, bone and viscerae";
const SECOND_QUESTION = "Would the ERN also advise on fertility preservation before chemotherapy?";
const DECLINE_REASON = "Fertility preservation is outside EURACAN's scope: please ask ERN EuroBloodNet or your national reference centre.";
const QUESTION = "Retroperitoneal liposarcoma, 14 cm, in a 52-year-old: is neoadjuvant radiotherapy advised before resection?";

/** An account with a verified mobile phone number (proven by sms.spec.ts) and a granted CPMS right in access. */
async function granted(system: System, person: Person): Promise<void> {
  const { db } = system.database;
  const { id } = await addUser(db, system.config, person);
  const setup = new TestBrowser(system.server("identity"));
  await setup.post("/api/sign-in", { email: person.email, password: person.password, method: "password" });
  await confirmSecondFactor(db, setup);
  await addVerifiedPhone(setup, db, person.phone);
  await setup.post("/api/sign-out");
  await right(db, { sub: id, profileId: await profileId(system, person.profile), providerId: await providerId(system, ...person.at), status: "granted" });
}

describe("issue 7, journey 2: a guest clinician asks EURACAN for assistance, the Dispatcher assigns a panel lead, a panel starts from the request", () => {
  const journey = useJourney("cpms-assistance", { CAPTCHA: "off" }, async (system) => {
    await seedAccessCatalog(system.database.db, { demoProviders: true });
    for (const person of [guest, dispatcher, lead]) await granted(system, person);
  });
  const { step, page } = journey;
  const cpms = () => journey.system().config.urls.cpms;
  const seenCodes = new Set<string>();

  /** The newest challenge code texted to `number`, read on /dev/outbox in another tab of `context` (the "phone"), once it is a new one. */
  const newestCode = async (context: BrowserContext, number: string) => {
    const phone = await context.newPage();
    try {
      return await eventually(`a new SMS to ${number} on /dev/outbox`, async () => {
        const sms = (await readOutbox(phone, journey.identity())).find((message) => message.channel === "sms" && message.to === number);
        const code = sms?.text.match(/challenge code is ([A-Z0-9]{4}-[A-Z0-9]{4})\./)?.[1];
        if (!code || seenCodes.has(code)) return undefined;
        seenCodes.add(code);
        return code;
      });
    } finally {
      await phone.close();
    }
  };

  /** CPMS home, "Login via OpenCPMS Login", the password, then Mobile + SMS with the texted code: back in CPMS. */
  const logIn = async (p: Page, person: Person) => {
    await p.goto(`${cpms()}/`);
    await p.getByRole("link", { name: "Login via OpenCPMS Login" }).click();
    await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(person.email);
    await p.getByRole("button", { name: "Next" }).click();
    await p.getByLabel(/^Password/).fill(person.password);
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    await p.getByRole("combobox", { name: "Choose your verification method" }).click();
    await p.getByRole("option", { name: "Mobile + SMS" }).click();
    await p.getByRole("button", { name: "Next" }).click();
    const codeField = p.getByRole("textbox", { name: "Text message challenge code" });
    await codeField.waitFor();
    await codeField.fill(await newestCode(p.context(), person.phone));
    await p.getByRole("button", { name: "Sign in", exact: true }).click();
    await p.waitForURL((url) => url.origin === cpms());
    await expectText(p.locator("#signed-in"), `Signed in as ${fullName(person)}`);
  };

  /** A browser page in a context of its own (another person's computer), with the journey's limits. */
  const otherComputer = async () => {
    const context = await journey.session().browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context.newPage();
  };
  let dispatcherPage: Page | undefined;
  let leadPage: Page | undefined;
  let pseudonym = "";
  let reference = "";

  step("The HP of EURACAN / FR01 logs in and chooses the sarcoma thematic area in “My Preferences”", async () => {
    leadPage = await otherComputer();
    const p = leadPage;
    await logIn(p, lead);
    const euracan = p.getByRole("region", { name: "EURACAN - Adult Cancers" });
    await euracan.getByRole("link", { name: "My Preferences" }).first().click();
    await p.getByRole("heading", { name: "My Preferences" }).waitFor();
    await p.getByRole("combobox", { name: "My professional role:" }).click();
    await p.getByRole("option", { name: "Oncologist", exact: true }).click();
    await p.getByRole("checkbox", { name: AREA }).check();
    await p.getByRole("button", { name: "Save" }).click();
    await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
  });

  step("The Dispatcher of EURACAN logs in: EURACAN's menu leads to its “Requests for assistance”, none yet", async () => {
    dispatcherPage = await otherComputer();
    const p = dispatcherPage;
    await logIn(p, dispatcher);
    await p.getByRole("navigation", { name: "CPMS menu" }).getByRole("button", { name: "EURACAN", exact: true }).click();
    await p.getByRole("menuitem", { name: "Requests for assistance" }).click();
    await p.getByRole("heading", { name: "Requests for assistance — EURACAN" }).waitFor();
    await p.getByText("No request matches.").waitFor();
    await p.getByText("Waiting for the ERN (0)").waitFor();
  });

  step("The guest clinician (Guest Access, Portugal) logs in and enrols a patient with consent for care", async () => {
    const p = page();
    await logIn(p, guest);
    await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
    await p.getByText("0000 - Guest Access").first().waitFor();
    await p.goto(`${cpms()}/patients/enrol?ern=EURACAN`);
    await p.getByRole("heading", { name: "Enrol a patient in EURACAN" }).waitFor();
    await p.getByRole("checkbox", { name: "The patient gave consent for care" }).check();
    await p.getByRole("button", { name: "Enrol the patient" }).click();
    const heading = p.getByRole("heading", { name: /^Patient EURACAN-/ });
    pseudonym = (await expectText(heading, /^Patient EURACAN-[A-Z0-9]+$/)).replace("Patient ", "");
  });

  step(
    "“Ask the ERN for assistance” on the Panels tab: without a question it is refused next to the field; with it, urgent, the request is sent with its reference",
    async () => {
      const p = page();
      await p.getByRole("tab", { name: "Panels" }).click();
      await p.getByRole("link", { name: "Ask the ERN for assistance" }).click();
      await p.getByRole("heading", { name: "Ask the ERN for assistance" }).waitFor();
      await p.getByText(`Patient ${pseudonym} · EURACAN`).waitFor();
      await p.getByRole("combobox", { name: "Thematic area" }).click();
      await p.getByRole("option", { name: AREA }).click();
      await p.getByRole("button", { name: "Send the request" }).click();
      const question = p.getByRole("textbox", { name: "Your question to the ERN" });
      await expectFieldError(question, "Write the clinical question you ask the ERN");
      assert.match(pathOf(p), /^\/assistance\/new\?patient=/, "still on the request page");

      await question.fill(QUESTION);
      await p.getByRole("radio", { name: "Urgent" }).check();
      await p.getByRole("button", { name: "Send the request" }).click();
      const sent = p.getByRole("status").filter({ hasText: "Your request is sent" });
      reference = (await expectText(sent.getByText(/^Your request EURACAN-R-/), /^Your request EURACAN-R-[A-Z0-9]+ is with EURACAN\./)).split(" ")[2];
    },
  );

  step("“My requests for assistance” lists it, waiting for the ERN, with “Withdraw”", async () => {
    const p = page();
    await p.getByRole("link", { name: "My requests for assistance" }).first().click();
    await p.getByRole("heading", { name: "My requests for assistance" }).waitFor();
    const row = p.getByRole("table", { name: "My requests for assistance" }).getByRole("row").filter({ hasText: reference });
    await row.getByText("Waiting for the ERN").waitFor();
    await row.getByText(pseudonym).waitFor();
    await row.getByRole("button", { name: `Withdraw ${reference}` }).waitFor();
  });

  step("The Dispatcher of EURACAN sees the request in the bell, urgent; the notice opens it in EURACAN's queue, the urgent one from a guest", async () => {
    const p = dispatcherPage as Page;
    await p.reload();
    await p.getByRole("button", { name: /^Notifications, 1 unread$/ }).click();
    const notices = p.getByRole("region", { name: "Notifications" });
    const notice = notices.getByRole("listitem").filter({ hasText: `Request for assistance ${reference} (urgent)` });
    await notice.getByText("Urgent", { exact: true }).waitFor();
    await notice.getByRole("link").click();
    await p.getByRole("heading", { name: "Requests for assistance — EURACAN" }).waitFor();
    await p.getByRole("dialog", { name: `Request ${reference}` }).waitFor();
    await p.getByRole("button", { name: /^Notifications, 0 unread$/ }).waitFor();
    await p.keyboard.press("Escape");
    const row = p.getByRole("table", { name: "Requests for assistance" }).getByRole("row").filter({ hasText: reference });
    await row.getByText("Urgent").waitFor();
    await row.getByText("Guest", { exact: true }).waitFor();
    await row.getByText(fullName(guest)).waitFor();
    await row.getByText(AREA).waitFor();
    await p.getByText("Waiting for the ERN (1)").waitFor();
  });

  step("The request opens with the question and the guest; the lead of the sarcoma area comes first, marked; “Assign” starts a panel", async () => {
    const p = dispatcherPage as Page;
    await p.getByRole("button", { name: `Open request ${reference}` }).click();
    const drawer = p.getByRole("dialog", { name: `Request ${reference}` });
    await drawer.getByText(QUESTION).waitFor();
    await drawer.getByText("Guest clinician (outside the ERN)").waitFor();
    const leads = drawer.getByRole("radiogroup", { name: "Panel leads" });
    await leads.getByText("In the thematic area").first().waitFor();
    const names = await leads.locator("label").allTextContents();
    assert.match(names[0] ?? "", new RegExp(`^${fullName(lead)} — FR01`), `the lead of the area first (${names.join("; ")})`);
    await leads.getByRole("radio", { name: new RegExp(`^${fullName(lead)} — FR01`) }).check();
    await drawer.getByRole("button", { name: "Assign" }).click();
    await drawer.getByText("A panel is started:").waitFor();
    await drawer.getByText(`${fullName(lead)} leads the panel started from ${reference}.`).waitFor();
    await drawer.getByRole("link", { name: "go to the panel" }).waitFor();
    await drawer.getByText("Panel lead assigned").waitFor();
  });

  step("The guest's “My requests for assistance” names the panel lead and leads to the panel, where the guest is a member", async () => {
    const p = page();
    await p.reload();
    const row = p.getByRole("table", { name: "My requests for assistance" }).getByRole("row").filter({ hasText: reference });
    await row.getByText("Panel lead assigned").waitFor();
    await row.getByText(`Panel lead: ${fullName(lead)}`).waitFor();
    assert.equal(await row.getByRole("button", { name: `Withdraw ${reference}` }).count(), 0, "a decided request is no longer withdrawn");
    await row.getByRole("link", { name: "Go to the panel" }).click();
    await p.waitForURL(/\/panels\/[0-9a-f-]{36}/);
    await p.getByText(QUESTION).first().waitFor();
    await p.getByRole("link", { name: "My requests for assistance" }).first().click();
    await p.getByRole("heading", { name: "My requests for assistance" }).waitFor();
  });

  step(
    "A second, routine question of the guest is declined by the Dispatcher: without a reason it is refused next to the field; the guest reads the reason",
    async () => {
      const p = page();
      await p.getByRole("link", { name: pseudonym }).click();
      await p.getByRole("tab", { name: "Panels" }).click();
      await p.getByRole("link", { name: "Ask the ERN for assistance" }).click();
      await p.getByRole("textbox", { name: "Your question to the ERN" }).fill(SECOND_QUESTION);
      await p.getByRole("combobox", { name: "Thematic area" }).click();
      await p.getByRole("option", { name: AREA }).click();
      await p.getByRole("button", { name: "Send the request" }).click();
      const sent = p.getByRole("status").filter({ hasText: "Your request is sent" });
      const second = (await expectText(sent.getByText(/^Your request EURACAN-R-/), /^Your request EURACAN-R-[A-Z0-9]+ is with EURACAN\./)).split(" ")[2];

      const d = dispatcherPage as Page;
      await d.goto(`${cpms()}/assistance/queue?ern=EURACAN`);
      await d.getByRole("button", { name: `Open request ${second}` }).click();
      const drawer = d.getByRole("dialog", { name: `Request ${second}` });
      await drawer.getByText(SECOND_QUESTION).waitFor();
      await drawer.getByRole("button", { name: "Decline" }).click();
      const reason = drawer.getByRole("textbox", { name: "Reason for declining" });
      await expectFieldError(reason, "Tell the clinician why the request is declined");
      await reason.fill(DECLINE_REASON);
      await drawer.getByRole("button", { name: "Decline" }).click();
      await drawer.getByText(DECLINE_REASON, { exact: false }).first().waitFor();
      await drawer.getByText("Declined", { exact: true }).waitFor();

      await p.getByRole("link", { name: "My requests for assistance" }).first().click();
      const row = p.getByRole("table", { name: "My requests for assistance" }).getByRole("row").filter({ hasText: second });
      await row.getByText(`Declined: ${DECLINE_REASON}`).waitFor();
    },
  );

  step(
    "The lead sees the notification in the bell and follows it to the panel: a draft with the guest's question, the guest a member; “Open the panel”",
    async () => {
      const p = leadPage as Page;
      await p.reload();
      const bell = p.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ });
      await bell.click();
      const notice = p.getByRole("region", { name: "Notifications" }).getByRole("link", { name: /^You lead panel EURACAN-P-/ });
      await notice.click();
      await p.waitForURL(/\/panels\/[0-9a-f-]{36}/);
      await p.getByText(QUESTION).first().waitFor();
      await p.getByText(pseudonym).first().waitFor();
      await p.getByText("This panel is a draft").waitFor();
      await p.getByRole("tab", { name: "Members" }).click();
      await p.getByText(fullName(guest)).first().waitFor();
      await p.getByRole("button", { name: "Open the panel" }).click();
      await eventually(
        "the panel to be open",
        async () => (await p.getByRole("button", { name: "Open the panel" }).count()) === 0 && (await p.getByText("This panel is a draft").count()) === 0,
      );
      await p.getByRole("button", { name: /^Notifications, 0 unread$/ }).waitFor();
    },
  );
});
