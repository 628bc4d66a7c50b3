/*
 * Issue 6, acceptance journey 1 — seed guides "CPMS first login" (002 §4)
 * and "enroll patients … share patient within and across ERNs" (003): an HP
 * of EURACAN / France (FR01), granted in the authorisation system, logs in to
 * CPMS with the password and Mobile + SMS, sets "My Preferences", enrols a
 * patient — consent for care first, then an ORPHAcode diagnosis and two HPO
 * terms —, uploads an attachment, finds the patient in the list by
 * phenotype, and shares it with an HP of ReCONNET / Italy (IT08), who sees it
 * after logging in in a browser of their own. The texted codes are read on
 * identity's /dev/outbox, as a person reads the phone.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
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

type Person = { firstName: string; lastName: string; email: string; password: string; phone: string; at: [string, string, string] };

const enroller: Person = {
  firstName: "Pauline",
  lastName: "Fouché",
  email: "pauline.fouche@aphp.example.fr",
  password: "Harbour-Maple-Quartz-17",
  phone: "+33612345678",
  at: ["EURACAN", "FR", "FR01"],
};
const colleague: Person = {
  firstName: "Marco",
  lastName: "Bianchi",
  email: "marco.bianchi@ao-pisa.example.it",
  password: "Glacier-Amber-Willow-63",
  phone: "+393471234567",
  at: ["ReCONNET", "IT", "IT08"],
};
const fullName = (person: Person) => `${person.firstName} ${person.lastName}`;

/** An account with a verified mobile phone number (proven by sms.spec.ts) and a granted HP right in access. */
async function grantedHp(system: System, person: Person): Promise<void> {
  const { db } = system.database;
  const { id } = await addUser(db, system.config, person);
  const setup = new TestBrowser(system.server("identity"));
  await setup.post("/api/sign-in", { email: person.email, password: person.password, method: "password" });
  await confirmSecondFactor(db, setup);
  await addVerifiedPhone(setup, db, person.phone);
  await setup.post("/api/sign-out");
  await right(db, { sub: id, profileId: await profileId(system, "HP"), providerId: await providerId(system, ...person.at), status: "granted" });
}

describe("issue 6, journey 1: an HP of EURACAN enrols a patient with consent, finds it by phenotype and shares it with an HP of ReCONNET", () => {
  const journey = useJourney("cpms-patients", { CAPTCHA: "off" }, async (system) => {
    await seedAccessCatalog(system.database.db, { demoProviders: true });
    await grantedHp(system, enroller);
    await grantedHp(system, colleague);
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
  };

  /** A browser context of its own (another person's computer), with the journey's limits. */
  const otherComputer = async () => {
    const context = await journey.session().browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context;
  };
  /** Chooses a file in the file field named `label` as a person does, through the file chooser. */
  const chooseFile = async (p: Page, label: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
    const chooser = p.waitForEvent("filechooser");
    await p.getByRole("button", { name: label }).click();
    await (await chooser).setFiles(file);
  };
  /** Types in a terminology search and picks the option that starts with `code`. */
  const pickTerm = async (p: Page, field: Locator, typed: string, code: string) => {
    await field.fill(typed);
    await p.getByRole("option", { name: new RegExp(`^${code.replace(/[.:]/g, "\\$&")} `) }).click();
  };
  let pseudonym = "";

  step("The HP of ReCONNET logs in to CPMS once, so that CPMS knows them", async () => {
    const other = await otherComputer();
    try {
      const p = await other.newPage();
      await logIn(p, colleague);
      await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
      await p.getByRole("heading", { name: "ReCONNET - Connective Tissue and Musculoskeletal Diseases" }).waitFor();
    } finally {
      await other.close();
    }
  });

  step("The HP of EURACAN logs in with the password and Mobile + SMS: the Global Dashboard invites them to set “My Preferences”", async () => {
    const p = page();
    await logIn(p, enroller);
    await expectText(p.locator("#signed-in"), `Signed in as ${fullName(enroller)}`);
    await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
    const euracan = p.getByRole("region", { name: "EURACAN - Adult Cancers" });
    await euracan.getByText("Welcome to this ERN: please set “My Preferences”").waitFor();
    await euracan
      .getByRole("table", { name: "Your roles in EURACAN" })
      .getByText("FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière")
      .waitFor();
  });

  step("“My Preferences”: professional role Oncologist, the sarcoma thematic area; saved, the invitation is gone", async () => {
    const p = page();
    const euracan = p.getByRole("region", { name: "EURACAN - Adult Cancers" });
    await euracan.getByRole("link", { name: "My Preferences" }).first().click();
    await p.getByRole("heading", { name: "My Preferences" }).waitFor();
    await p.getByRole("combobox", { name: "My professional role:" }).click();
    await p.getByRole("option", { name: "Oncologist", exact: true }).click();
    const area = p.getByRole("checkbox", { name: "Sarcoma of the soft tissue, bone and viscerae" });
    await area.check();
    await p.getByRole("button", { name: "Save" }).click();
    await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
    await euracan.getByRole("link", { name: "Patients" }).waitFor();
    assert.equal(await euracan.getByText("Welcome to this ERN: please set “My Preferences”").count(), 0, "no more invitation");
  });

  step("EURACAN's patients: none yet; “Enrol a patient” explains that consent for care comes first", async () => {
    const p = page();
    await p.getByRole("region", { name: "EURACAN - Adult Cancers" }).getByRole("link", { name: "Patients" }).click();
    await p.getByRole("heading", { name: "Patients of EURACAN - Adult Cancers" }).waitFor();
    await p.getByText("No patient you may see matches.").waitFor();
    await p.getByRole("link", { name: "Enrol a patient" }).click();
    await p.getByRole("heading", { name: "Enrol a patient in EURACAN" }).waitFor();
    await p.getByText("no clinical data can be recorded before it").waitFor();
    await p.getByText("Enrolled at FR01 - Assistance Publique-Hôpitaux de Paris, Hôpital Pitié-Salpêtrière.").waitFor();
  });

  step("Enrolling without the consent is refused next to the consent; with it, the signed form and a local number, CPMS issues a pseudonym", async () => {
    const p = page();
    await p.getByRole("textbox", { name: "Local hospital number" }).fill("APHP-2026-00417");
    await p.getByRole("button", { name: "Enrol the patient" }).click();
    await expectFieldError(p.getByRole("checkbox", { name: "The patient gave consent for care" }), "A patient is enrolled only with their consent for care");
    assert.match(pathOf(p), /^\/patients\/enrol\?ern=EURACAN$/, "still on the enrolment page");

    await p.getByRole("checkbox", { name: "The patient gave consent for care" }).check();
    await chooseFile(p, "Signed consent form", { name: "consent-for-care.pdf", mimeType: "application/pdf", buffer: pdf("Consent for care, signed") });
    await p.getByText("consent-for-care.pdf uploaded.").waitFor();
    await p.getByRole("button", { name: "Enrol the patient" }).click();
    const heading = p.getByRole("heading", { name: /^Patient EURACAN-/ });
    pseudonym = (await expectText(heading, /^Patient EURACAN-[A-Z0-9]+$/)).replace("Patient ", "");
    await p.getByText("Local hospital number (only your healthcare provider sees it): APHP-2026-00417").waitFor();
    await p.getByRole("region", { name: "Core data elements" }).waitFor();
  });

  step("The record: a confirmed ORPHAcode diagnosis and two HPO terms, searched by name; saved as version 2", async () => {
    const p = page();
    const diagnosis = p.getByRole("region", { name: "Diagnosis", exact: true });
    await diagnosis.getByRole("button", { name: "Add a diagnosis" }).click();
    await pickTerm(p, diagnosis.getByRole("combobox", { name: "ORPHAcode" }), "stromal", "ORPHA:44890");
    await diagnosis.getByText("Gastrointestinal stromal tumor").waitFor();
    await diagnosis.getByText("Confirmed").click();
    const phenotype = p.getByRole("region", { name: "Phenotype" });
    const hpo = phenotype.getByRole("combobox", { name: "Add an HPO term" });
    await pickTerm(p, hpo, "abdominal pain", "HP:0002027");
    await pickTerm(p, hpo, "weight loss", "HP:0001824");
    await phenotype.getByRole("table", { name: "HPO terms" }).getByText("Weight loss").waitFor();
    await p.getByRole("textbox", { name: "Clinical summary" }).fill("Referred for a **gastric GIST**.\n\n- imatinib since 2025\n- <script>alert(1)</script>");
    await p.getByRole("button", { name: "Save the record" }).click();

    await p.getByText(/^Version 2, saved /).waitFor();
    const saved = p.getByRole("region", { name: "Diagnosis", exact: true });
    await saved.getByRole("cell", { name: "ORPHA:44890 Gastrointestinal stromal tumor" }).waitFor();
    await saved.getByRole("cell", { name: "Confirmed" }).waitFor();
    const terms = p.getByRole("region", { name: "Phenotype" });
    await terms.getByText("HP:0002027 Abdominal pain").waitFor();
    await terms.getByText("HP:0001824 Weight loss").waitFor();
    const summary = p.getByRole("region", { name: "Clinical summary" });
    await summary.locator("strong", { hasText: "gastric GIST" }).waitFor();
    await summary.getByText("<script>alert(1)</script>").waitFor();
    assert.equal(await summary.locator("script").count(), 0, "typed HTML is shown as text, never run");
  });

  step("Attachments: the signed consent form is there; upload a PDF report, listed for download", async () => {
    const p = page();
    await p.getByRole("tab", { name: "Attachments" }).click();
    await p.getByRole("table", { name: "Attachments" }).getByRole("link", { name: "consent-for-care.pdf" }).waitFor();
    await chooseFile(p, "File to attach", { name: "pathology-report.pdf", mimeType: "application/pdf", buffer: pdf("Pathology report: GIST") });
    await p.getByRole("textbox", { name: "Title" }).fill("Pathology report");
    await p.getByRole("button", { name: "Upload" }).click();
    const listed = p.getByRole("table", { name: "Attachments" });
    const link = listed.getByRole("link", { name: "Pathology report" });
    await link.waitFor();
    await listed.getByText("pathology-report.pdf").waitFor();
    const href = await link.getAttribute("href");
    assert.match(href ?? "", /^\/api\/patients\/[0-9a-f-]+\/attachments\/[0-9a-f-]+$/);
    const download = await p.request.get(new URL(href ?? "", cpms()).toString());
    assert.equal(download.status(), 200);
    assert.match((await download.body()).toString("latin1"), /Pathology report: GIST/);
  });

  step("The patient list finds the patient by phenotype (Weight loss), and not by a phenotype it lacks (Seizure)", async () => {
    const p = page();
    await p.getByRole("link", { name: "← Patients of EURACAN" }).click();
    const filters = p.getByRole("region", { name: "Search and filters" });
    await pickTerm(p, filters.getByRole("combobox", { name: "Phenotype" }), "seizure", "HP:0001250");
    await p.getByText("No patient you may see matches.").waitFor();
    await filters.getByRole("button", { name: "Remove the filter HP:0001250" }).click();
    await pickTerm(p, filters.getByRole("combobox", { name: "Phenotype" }), "weight", "HP:0001824");
    assert.match(pathOf(p), /phenotype=HP%3A0001824/);
    const table = p.getByRole("table", { name: "Patients" });
    await table.getByRole("link", { name: pseudonym }).waitFor();
    await table.getByText("ORPHA:44890 Gastrointestinal stromal tumor").waitFor();
    assert.equal(await table.getByRole("row").count(), 2, "the header and the one patient");
  });

  step("“Share” with the HP of ReCONNET, found in another ERN, with a reason: listed among the shares", async () => {
    const p = page();
    await p.getByRole("table", { name: "Patients" }).getByRole("link", { name: pseudonym }).click();
    await p.getByRole("tab", { name: "Sharing" }).click();
    await p.getByText("This patient is not shared.").waitFor();
    await p.getByRole("button", { name: "Share", exact: true }).click();
    const dialog = p.getByRole("dialog", { name: `Share ${pseudonym}` });
    await dialog.getByText("In any ERN").click();
    await dialog.getByRole("textbox", { name: "Find a member or a healthcare provider" }).fill("Bianchi");
    await dialog.getByRole("radio", { name: /^Marco Bianchi — HP, .*ReCONNET$/ }).check();
    await dialog.getByRole("textbox", { name: "Reason" }).fill("Second opinion on a GIST with a connective-tissue disorder.");
    await dialog.getByRole("button", { name: "Share", exact: true }).click();
    const shares = p.getByRole("table", { name: "Shares" });
    await shares.getByRole("cell", { name: /Marco Bianchi/ }).waitFor();
    await shares.getByRole("cell", { name: "ReCONNET" }).waitFor();
    await shares.getByRole("cell", { name: "Second opinion on a GIST with a connective-tissue disorder." }).waitFor();
  });

  step("The HP of ReCONNET logs in on their own computer and sees the patient among ReCONNET's, without the hospital number", async () => {
    const other = await otherComputer();
    try {
      const p = await other.newPage();
      await logIn(p, colleague);
      await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
      await p.getByRole("region", { name: "ReCONNET - Connective Tissue and Musculoskeletal Diseases" }).getByRole("link", { name: "Patients" }).click();
      const table = p.getByRole("table", { name: "Patients" });
      await table.getByRole("link", { name: pseudonym }).click();
      await p.getByRole("heading", { name: `Patient ${pseudonym}` }).waitFor();
      await p.getByRole("region", { name: "Diagnosis", exact: true }).getByRole("cell", { name: "ORPHA:44890 Gastrointestinal stromal tumor" }).waitFor();
      await p.getByRole("region", { name: "Phenotype" }).getByText("HP:0001824 Weight loss").waitFor();
      assert.equal(await p.getByText("APHP-2026-00417").count(), 0, "the local hospital number stays at the enrolling healthcare provider");
      assert.equal((await p.getByText(fullName(enroller)).count()) > 0, true, "who enrolled is shown");
    } finally {
      await other.close();
    }
  });

  step("History: each version, who saved it and what changed; “Who accessed this record” names the HP of ReCONNET and why they could", async () => {
    const p = page();
    await p.reload();
    await p.getByRole("tab", { name: "History" }).click();
    const versions = p.getByRole("table", { name: "Versions of the record" });
    const second = versions.getByRole("row").filter({ has: p.getByRole("cell", { name: "2", exact: true }) });
    await expectText(second.getByRole("cell").nth(3), /Diagnosis.*Phenotype/);
    assert.equal(await second.getByRole("cell", { name: fullName(enroller) }).count(), 1, "who saved version 2");
    await versions.getByRole("row").filter({ hasText: "Attachments" }).first().waitFor();
    await p.getByRole("tab", { name: "Who accessed this record" }).click();
    const log = p.getByRole("table", { name: "Who accessed this record" });
    const read = log.getByRole("row").filter({ hasText: "Marco Bianchi" }).filter({ hasText: "Opened the record" });
    await read.first().waitFor();
    await read.first().getByRole("cell", { name: "Shared with them" }).waitFor();
  });

  step(
    "Two editors at once: the later save of a stale version is refused — “Someone else changed this record” — and Reload shows the other change",
    async () => {
      const p = page();
      await p.getByRole("tab", { name: "Record", exact: true }).click();
      await p.getByRole("button", { name: "Edit the record" }).click();
      const other = await p.context().newPage();
      try {
        await other.goto(p.url());
        await other.getByRole("textbox", { name: "Family history" }).fill("Father treated for a sarcoma at 50.");
        await other.getByRole("button", { name: "Save the record" }).click();
        await other.getByText(/^Version \d+, saved /).waitFor();
      } finally {
        await other.close();
      }
      await p.getByRole("textbox", { name: "Link to a biobank" }).fill("https://biobank.example.fr/GIST-417");
      await p.getByRole("button", { name: "Save the record" }).click();
      await p.getByRole("alert").filter({ hasText: "Someone else changed this record" }).waitFor();
      await p.getByRole("button", { name: "Reload the record" }).click();
      await p.getByRole("region", { name: "Family history" }).getByText("Father treated for a sarcoma at 50.").waitFor();
      assert.equal(await p.getByText("https://biobank.example.fr/GIST-417").count(), 0, "the refused change was not saved");
    },
  );

  step("Withdrawing the consent for care: the confirmation spells out what follows; once withdrawn the record is frozen", async () => {
    const p = page();
    await p.getByRole("tab", { name: "Consents" }).click();
    const consents = p.getByRole("table", { name: "Consents" });
    const care = consents.getByRole("row").filter({ hasText: "Consent for care" });
    await care.getByRole("link", { name: "Download" }).waitFor();
    await care.getByRole("button", { name: "Withdraw" }).click();
    const dialog = p.getByRole("dialog", { name: "Withdraw: Consent for care" });
    await dialog.getByText("The record will be hidden from everyone but your healthcare provider").waitFor();
    await dialog.getByRole("button", { name: "Withdraw the consent" }).click();
    await expectFieldError(dialog.getByRole("textbox", { name: "Reason for the withdrawal" }), "reason");
    await dialog.getByRole("textbox", { name: "Reason for the withdrawal" }).fill("The patient withdrew consent by letter.");
    await dialog.getByRole("button", { name: "Withdraw the consent" }).click();
    await care.getByText("Withdrawn").waitFor();
    await care.getByText(/The patient withdrew consent by letter\./).waitFor();
    await p.getByText("Consent for care was withdrawn: the record is hidden from everyone but the enrolling healthcare provider").waitFor();
    await p.getByRole("tab", { name: "Record", exact: true }).click();
    await p.getByText(/^Version \d+, saved /).waitFor();
    assert.equal(await p.getByRole("button", { name: "Edit the record" }).count(), 0, "a withdrawn record is not edited");
  });
});

/** A small, well-formed PDF whose content stream holds `text`. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
