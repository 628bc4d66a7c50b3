/*
 * Issue 7, acceptance journey 1 — a virtual consultation from question to
 * signed outcome, with three HPs of EURACAN in two countries: the lead at
 * FR01 (Paris) and two members at DE01 (Berlin) and DE02 (Heidelberg), of
 * whom the one at DE02 chose the sarcoma thematic area in "My Preferences".
 * The lead creates a panel from the patient's page, invites the Berlin HP by
 * a directory search and the Heidelberg HP from the thematic area's
 * suggestions, and opens it; each member logs in on their own computer,
 * accepts and submits a contribution (the Berlin HP attaches a report,
 * downloaded through the panel; the Heidelberg HP asks the lead for more
 * information in the discussion, mentioning them, and the lead answers);
 * the lead writes the outcome from the contributions, asks the members to
 * agree (the Berlin HP agrees), signs it, closes the panel, and the
 * downloaded PDF holds the recommendation. Logins go through identity with
 * the password and Mobile + SMS, the texted codes read on /dev/outbox; the
 * set-up (accounts, rights, the patient, the Heidelberg HP's preferences)
 * goes through the same functions and APIs the other journeys and tests use.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe } from "node:test";
import { inflateSync } from "node:zlib";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { right } from "../src/access/api/testing.ts";
import { seedAccessCatalog } from "../src/access/catalog/seed.ts";
import { profileId, providerId } from "../src/access/requests/testing.ts";
import { cpmsSignIn, outbox } from "../src/cpms/pg-schema.ts";
import { addUser } from "../src/identity/accounts/add-user.ts";
import { confirmSecondFactor } from "../src/identity/accounts/testing.ts";
import { addVerifiedPhone } from "../src/identity/factors/sms/testing.ts";
import { openRpSession } from "../src/platform/http/oidc-sign-in-sessions.ts";
import { TestBrowser } from "../src/platform/testing/http-client.ts";
import type { System } from "../src/system.ts";
import { eventually, readOutbox, WAIT_MS } from "./support/browser.ts";
import { expectText, useJourney } from "./support/journey.ts";

type Person = { firstName: string; lastName: string; email: string; password: string; phone: string; at: [string, string, string] };

const lead: Person = {
  firstName: "Pauline",
  lastName: "Fouché",
  email: "pauline.fouche@aphp.example.fr",
  password: "Harbour-Maple-Quartz-17",
  phone: "+33612345678",
  at: ["EURACAN", "FR", "FR01"],
};
const searched: Person = {
  firstName: "Jonas",
  lastName: "Albrecht",
  email: "jonas.albrecht@charite.example.de",
  password: "Cobalt-Meadow-Lantern-42",
  phone: "+4915123456789",
  at: ["EURACAN", "DE", "DE01"],
};
const suggested: Person = {
  firstName: "Katrin",
  lastName: "Weber",
  email: "katrin.weber@ukhd.example.de",
  password: "Saffron-Ridge-Beacon-58",
  phone: "+4917612345678",
  at: ["EURACAN", "DE", "DE02"],
};
const fullName = (person: Person) => `${person.firstName} ${person.lastName}`;

const AREA = "Sarcoma of the soft tissue, bone and viscerae";
const TITLE = "Retroperitoneal liposarcoma: neoadjuvant options?";
const RECOMMENDATION = "Neoadjuvant radiotherapy, then en bloc resection at a sarcoma centre.";

/** An account with a verified mobile phone number (proven by sms.spec.ts) and a granted HP right in access; its sub. */
async function grantedHp(system: System, person: Person): Promise<string> {
  const { db } = system.database;
  const { id } = await addUser(db, system.config, person);
  const setup = new TestBrowser(system.server("identity"));
  await setup.post("/api/sign-in", { email: person.email, password: person.password, method: "password" });
  await confirmSecondFactor(db, setup);
  await addVerifiedPhone(setup, db, person.phone);
  await setup.post("/api/sign-out");
  await right(db, { sub: id, profileId: await profileId(system, "HP"), providerId: await providerId(system, ...person.at), status: "granted" });
  return id;
}

/** CPMS as the person's earlier sign-in left it (the sign-in itself is what the journey's steps prove): seen by cpms, so in its directory. */
async function cpmsApi(system: System, sub: string, person: Person): Promise<TestBrowser> {
  const token = await openRpSession(system.database.db, cpmsSignIn.rpSessions, system.config, {
    sub,
    sid: null,
    email: person.email,
    name: fullName(person),
    acr: "substantial",
    amr: ["pwd", "sms"],
    authTime: new Date(Date.now() - 1000),
    idToken: "journey",
  });
  const browser = new TestBrowser(system.server("cpms"));
  browser.cookies.set("cpms_session", token);
  assert.equal((await browser.get("/api/me")).status, 200);
  return browser;
}

describe("issue 7, journey 1: a panel of three HPs in two countries, from the question to the signed outcome's PDF", () => {
  let patient = { id: "", pseudonym: "" };
  const journey = useJourney("cpms-panels", { CAPTCHA: "off" }, async (system) => {
    await seedAccessCatalog(system.database.db, { demoProviders: true });
    const leadSub = await grantedHp(system, lead);
    const searchedSub = await grantedHp(system, searched);
    const suggestedSub = await grantedHp(system, suggested);
    const leadApi = await cpmsApi(system, leadSub, lead);
    await cpmsApi(system, searchedSub, searched);
    const suggestedApi = await cpmsApi(system, suggestedSub, suggested);
    const areas = await suggestedApi.get("/api/erns/EURACAN/thematic-areas");
    const area = (areas.body.areas as { id: string; name: string }[]).find((candidate) => candidate.name === AREA);
    assert.ok(area, `EURACAN offers "${AREA}"`);
    for (const [api, areaIds] of [
      [leadApi, []],
      [suggestedApi, [area.id]],
    ] as const) {
      const saved = await api.request("PUT", "/api/erns/EURACAN/preferences", { professionalRole: "Oncologist", areaIds });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
    }
    const enrolled = await leadApi.post("/api/patients", {
      ernCode: "EURACAN",
      providerId: await providerId(system, ...lead.at),
      consent: { given: true, date: "2026-01-15" },
      record: { clinicalSummary: "Retroperitoneal mass of 18 cm, well-differentiated liposarcoma on core biopsy." },
    });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    patient = enrolled.body.patient;
  });
  const { step, page } = journey;
  const cpms = () => journey.system().config.urls.cpms;
  const seenCodes = new Set<string>();
  let panelPath = "";
  const computers = new Map<Person, { context: BrowserContext; page: Page }>();

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

  /**
   * CPMS home, "Login via OpenCPMS Login", the password, then Mobile + SMS
   * with the texted code: back in CPMS. A page that stays blank is loaded
   * again: the web bundle may be rebuilt under a running journey, and a page
   * loaded at that moment never renders.
   */
  const logIn = async (p: Page, person: Person) => {
    const login = p.getByRole("link", { name: "Login via OpenCPMS Login" });
    await eventually(
      "CPMS's home page",
      async () => {
        await p.goto(`${cpms()}/`);
        await login.waitFor({ timeout: 5_000 });
        return true;
      },
      3 * WAIT_MS,
    );
    await login.click();
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

  /** The member's own computer (a browser context of its own), signed in once and kept for the later steps. */
  const computerOf = async (person: Person): Promise<Page> => {
    const known = computers.get(person);
    if (known) return known.page;
    const context = await journey.session().browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    const p = await context.newPage();
    computers.set(person, { context, page: p });
    await logIn(p, person);
    return p;
  };

  /** The panel's page, read afresh; loaded again if it stays blank (see logIn). */
  const showPanel = async (p: Page) => {
    await eventually(
      "the panel's page",
      async () => {
        await p.goto(`${cpms()}${panelPath}`);
        await p.getByRole("heading", { name: TITLE }).waitFor({ timeout: 5_000 });
        return true;
      },
      3 * WAIT_MS,
    );
  };

  /** Who has an invitation to a panel in CPMS's mail outbox (sent or waiting), sorted. */
  const invited = async () => {
    const mails = await journey.system().database.db.select({ to: outbox.to, subject: outbox.subject }).from(outbox).where(eq(outbox.channel, "mail"));
    return mails
      .filter((mail) => /^CPMS: (URGENT — )?Invitation to panel EURACAN-P-/.test(mail.subject))
      .map((mail) => mail.to)
      .sort();
  };

  const openTab = async (p: Page, name: string) => {
    await p.getByRole("tab", { name, exact: true }).click();
  };

  /** A member accepts the invitation and submits a contribution. */
  const acceptAndContribute = async (
    person: Person,
    contribution: { assessment: string; investigations: string; recommendation: string; file?: { name: string; text: string } },
  ) => {
    const p = await computerOf(person);
    await showPanel(p);
    await p.getByText("You are invited to this panel").waitFor();
    await p.getByRole("button", { name: "Accept" }).click();
    await openTab(p, "Contributions");
    const mine = p.getByRole("region", { name: "My contribution" });
    await mine.getByRole("textbox", { name: "Assessment" }).fill(contribution.assessment);
    await mine.getByRole("textbox", { name: "Suggested investigations" }).fill(contribution.investigations);
    await mine.getByRole("textbox", { name: "Recommendation" }).fill(contribution.recommendation);
    if (contribution.file) {
      const chooser = p.waitForEvent("filechooser");
      await mine.getByRole("button", { name: "Attach a file" }).click();
      await (await chooser).setFiles({ name: contribution.file.name, mimeType: "application/pdf", buffer: pdf(contribution.file.text) });
      await mine.getByRole("button", { name: `Remove ${contribution.file.name}` }).waitFor();
    }
    await mine.getByRole("button", { name: "Submit contribution" }).click();
    await mine.getByText(/^Submitted /).waitFor();
    const submitted = p.getByRole("region", { name: "Submitted contributions" });
    await submitted
      .getByRole("article", { name: `Contribution of ${fullName(person)}` })
      .getByText(contribution.recommendation)
      .waitFor();
    return p;
  };

  step("The lead logs in with the password and Mobile + SMS, opens the patient and creates a panel on the sarcoma thematic area", async () => {
    const p = page();
    await logIn(p, lead);
    await p.getByRole("heading", { name: "Global Dashboard" }).waitFor();
    await p.goto(`${cpms()}/patients/${patient.id}`);
    await p.getByRole("heading", { name: `Patient ${patient.pseudonym}` }).waitFor();
    await openTab(p, "Panels");
    await p.getByRole("link", { name: "Create a panel" }).click();
    await p.getByRole("heading", { name: `Create a panel for ${patient.pseudonym}` }).waitFor();
    await p.getByRole("textbox", { name: "Title" }).fill(TITLE);
    await p.getByRole("textbox", { name: "Clinical question" }).fill("Would you irradiate before resection, and which margins should the surgeon aim for?");
    await p.getByRole("combobox", { name: "Thematic area" }).click();
    await p.getByRole("option", { name: AREA }).click();
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await p.getByLabel("Due date").fill(due);
    await p.getByRole("checkbox", { name: "Clinical summary" }).check();
    await p.getByRole("button", { name: "Create panel" }).click();
    await p.getByRole("heading", { name: TITLE }).waitFor();
    await p.waitForURL(/\/panels\/[0-9a-f-]{36}/);
    panelPath = new URL(p.url()).pathname;
    await p.getByText("This panel is a draft: nobody is told yet.").waitFor();
  });

  step("Inviting: the Heidelberg HP among those suggested by the thematic area, the Berlin HP found in the directory", async () => {
    const p = page();
    await openTab(p, "Members");
    const suggestions = p.getByRole("region", { name: "Suggested by thematic area" });
    await suggestions.getByRole("checkbox", { name: new RegExp(`^${fullName(suggested)} — Universitätsklinikum Heidelberg \\(DE\\), EURACAN`) }).check();
    assert.equal(await suggestions.getByRole("checkbox", { name: new RegExp(fullName(searched)) }).count(), 0, "the Berlin HP did not choose the area");
    await suggestions.getByRole("button", { name: "Invite selected" }).click();
    const members = p.getByRole("table", { name: "Members" });
    await members
      .getByRole("row")
      .filter({ hasText: fullName(suggested) })
      .getByText("Invited", { exact: true })
      .waitFor();
    const directory = p.getByRole("region", { name: "Search the directory" });
    await directory.getByRole("textbox", { name: "Find a member" }).fill("Albrecht");
    await directory.getByRole("radio", { name: new RegExp(`^${fullName(searched)} — HP, Charité .*EURACAN$`) }).check();
    await directory.getByRole("button", { name: "Invite", exact: true }).click();
    await members
      .getByRole("row")
      .filter({ hasText: fullName(searched) })
      .getByText("Invited", { exact: true })
      .waitFor();
  });

  step("The lead opens the panel: the invitations go out", async () => {
    const p = page();
    assert.deepEqual(await invited(), [], "nobody is told of a draft panel");
    await p.getByRole("button", { name: "Open the panel" }).click();
    await p.getByText("This panel is a draft: nobody is told yet.").waitFor({ state: "detached" });
    assert.equal(await p.getByRole("button", { name: "Open the panel" }).count(), 0, "an open panel is not opened again");
    assert.deepEqual(await invited(), [searched.email, suggested.email].sort(), "an invitation mail to each invitee waits in CPMS's outbox");
  });

  step("The Berlin HP logs in on their own computer, accepts the invitation and submits a contribution with an MRI report attached", async () => {
    await acceptAndContribute(searched, {
      assessment: "Large well-differentiated liposarcoma; the retroperitoneal extent makes clear margins hard.",
      investigations: "MRI of the abdomen; MDM2 amplification by FISH.",
      recommendation: "Preoperative radiotherapy (50.4 Gy), then surgery.",
      file: { name: "mri-abdomen-report.pdf", text: "MRI abdomen: 18 cm fatty mass" },
    });
  });

  step("The Heidelberg HP, suggested by the thematic area, accepts, contributes, and asks the lead for more information, mentioning them", async () => {
    const p = await acceptAndContribute(suggested, {
      assessment: "Resectable; the kidney may have to go en bloc.",
      investigations: "Split renal function scan.",
      recommendation: "En bloc resection at a sarcoma centre; radiotherapy only in a trial.",
    });
    await openTab(p, "Discussion");
    const message = p.getByRole("textbox", { name: "Message" });
    await message.fill("Thank you ");
    await message.pressSequentially("@Pau");
    await p.getByRole("option", { name: fullName(lead) }).click();
    await message.pressSequentially("can we see the latest CT?");
    await p.getByRole("checkbox", { name: "Ask the lead for more information" }).check();
    await p.getByRole("button", { name: "Send the request" }).click();
    const thread = p.getByRole("region", { name: "Discussion" });
    const sent = thread.getByRole("article", { name: `Message from ${fullName(suggested)}` });
    await expectText(sent.locator(".mention"), `@${fullName(lead)}`);
    await sent.getByText("Request for more information").waitFor();
    assert.equal(await message.inputValue(), "", "the composer is emptied once the message is sent");
  });

  step("The lead answers the request for more information in the discussion", async () => {
    const p = page();
    await showPanel(p);
    await openTab(p, "Discussion");
    const thread = p.getByRole("region", { name: "Discussion" });
    await thread
      .getByRole("article", { name: `Message from ${fullName(suggested)}` })
      .getByRole("button", { name: "Reply" })
      .click();
    await p.getByRole("heading", { name: `Reply to ${fullName(suggested)}` }).waitFor();
    await p.getByRole("textbox", { name: "Message" }).fill("The CT of 20 November is now among the shared files.");
    await p.getByRole("button", { name: "Send the reply" }).click();
    const reply = thread.getByRole("article", { name: `Message from ${fullName(lead)}` });
    await reply.getByText(`In reply to ${fullName(suggested)}`).waitFor();
    await reply.getByText("The CT of 20 November is now among the shared files.").waitFor();
  });

  step("The lead sees who has contributed, writes the outcome from the contributions and asks the members to agree", async () => {
    const p = page();
    await showPanel(p);
    await openTab(p, "Contributions");
    const who = p.getByRole("table", { name: "Who has contributed" });
    for (const person of [searched, suggested])
      await who
        .getByRole("row")
        .filter({ hasText: fullName(person) })
        .getByText("Submitted")
        .waitFor();
    await openTab(p, "Outcome");
    await p.getByRole("button", { name: "Write the outcome" }).click();
    await p.getByText("This draft was built from the contributions").waitFor();
    const recommendation = p.getByRole("textbox", { name: "Recommendation" });
    await eventually("the draft to carry the members' recommendations", async () => (await recommendation.inputValue()).includes("Preoperative radiotherapy"));
    await p.getByRole("textbox", { name: "Summary" }).fill("Two experts reviewed the case: resection at a sarcoma centre, radiotherapy debated.");
    await recommendation.fill(RECOMMENDATION);
    await p.getByRole("textbox", { name: "Follow-up" }).fill("CT of the abdomen every 3 months for 2 years.");
    await p.getByRole("button", { name: "Save outcome" }).click();
    await p.getByText(/^Revision \d+ by Pauline Fouché/).waitFor();
    await p.getByRole("button", { name: "Ask members to agree" }).click();
    await p.getByText(/^Members were asked to agree on /).waitFor();
  });

  step("The Berlin HP agrees with the outcome; the lead sees it", async () => {
    const p = await computerOf(searched);
    await showPanel(p);
    await openTab(p, "Outcome");
    await p.getByRole("article", { name: "Outcome" }).getByText(RECOMMENDATION).waitFor();
    await p.getByRole("textbox", { name: "Comment" }).fill("Agreed.");
    await p.getByRole("button", { name: "I agree" }).click();
    const lp = page();
    await showPanel(lp);
    await openTab(lp, "Outcome");
    const agreements = lp.getByRole("table", { name: "Agreement of the members" });
    await agreements
      .getByRole("row")
      .filter({ hasText: fullName(searched) })
      .getByText("Agrees")
      .waitFor();
  });

  step("The lead signs the outcome and closes the panel (confirming if CPMS warns about few contributions)", async () => {
    const p = page();
    await p.getByRole("button", { name: "Sign the outcome" }).click();
    await p.getByRole("dialog", { name: "Sign the outcome" }).getByRole("button", { name: "Sign", exact: true }).click();
    await p.getByText(/^Signed by Pauline Fouché/).waitFor();
    await p.getByRole("button", { name: "Close the panel" }).click();
    const warning = p.getByRole("dialog", { name: "Close the panel?" });
    const closed = p.getByText("This panel is closed");
    await eventually("the panel closed or a warning to confirm", async () => (await closed.isVisible()) || (await warning.isVisible()));
    if (await warning.isVisible()) await warning.getByRole("button", { name: "Close the panel anyway" }).click();
    await closed.waitFor();
    assert.equal(await p.getByRole("button", { name: "Save outcome" }).count(), 0, "a closed panel's outcome is read-only");
  });

  step("“Download PDF”: the signed outcome downloads and holds the recommendation", async () => {
    const p = page();
    const download = p.waitForEvent("download");
    await p.getByRole("link", { name: "Download PDF" }).click();
    const file = await (await download).path();
    const bytes = await readFile(file);
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-", "a PDF");
    assert.match(pdfText(bytes), /Neoadjuvant radiotherapy, then en bloc resection at a sarcoma centre\./);
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

/** The text a PDF shows: its content streams (inflated when FlateDecode), literal "(…)" and hex "<…>" strings of the text operators, joined by spaces. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const texts: string[] = [];
  for (const match of raw.matchAll(/<<((?:(?!>>)[\s\S])*?)>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf("endstream", start);
    let content = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(match[1] ?? "")) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    const stream = content.toString("latin1");
    for (const shown of stream.matchAll(/<([0-9A-Fa-f\s]+)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:[^\]])*)\]\s*TJ/g)) {
      if (shown[1] !== undefined) texts.push(Buffer.from(shown[1].replace(/\s/g, ""), "hex").toString("latin1"));
      else if (shown[2] !== undefined) texts.push(shown[2].replace(/\\([()\\])/g, "$1"));
      else if (shown[3] !== undefined)
        texts.push(
          Array.from(shown[3].matchAll(/<([0-9A-Fa-f\s]+)>|\(((?:\\.|[^\\)])*)\)/g), (part) =>
            part[1] !== undefined ? Buffer.from(part[1].replace(/\s/g, ""), "hex").toString("latin1") : (part[2] ?? "").replace(/\\([()\\])/g, "$1"),
          ).join(""),
        );
    }
  }
  return texts.join(" ").replace(/\s+/g, " ");
}
