/*
 * The signed outcome as a PDF (GET /api/panels/:id/outcome.pdf), drawn
 * with pdf-lib on A4 pages, text wrapped and carried over page breaks:
 * the panel's reference, ERN, thematic area and patient pseudonym (never a
 * name or a local number), the question, summary, recommendation,
 * investigations, follow-up, the contributions cited, the agreements, who
 * signed and when, the SHA-256 of the signed document, and a footer
 * marking it confidential on every page.
 *
 * - only a signed outcome in force is printed (409 otherwise), for the
 *   panel's lead, members and managers while the patient's consent for
 *   care stands, and for whoever may read the patient (the outcome stays
 *   with the patient); each download is audited ("panel.outcome_downloaded")
 *   with the reason;
 * - the standard Helvetica font encodes WinAnsi only: a character it
 *   cannot encode is printed as its nearest plain letters ("Łukasz Żółć"
 *   → "Lukasz Zolc"), else "?", so every name stays readable.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { RequestOrigin } from "../../platform/audit.ts";
import type { Db } from "../../platform/db/database.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { CpmsUser } from "../authorizations/memberships.ts";
import { requirePatientAccess } from "../patients/access-policy.ts";
import { isUuid } from "../patients/record-store.ts";
import { type Actor, currentOutcome } from "./outcome.ts";
import { auditPanel, type PanelAccess, type PanelRow, requirePanelAccess } from "./panel-access.ts";
import { panelAgreements, panels } from "./tables.ts";

const CONSENT_GONE_READ = "The patient's consent for care no longer stands: the panel's patient data is hidden.";
import { eq } from "drizzle-orm";

export type OutcomeDocument = {
  reference: string;
  ernCode: string;
  thematicArea: string;
  pseudonym: string;
  title: string;
  question: string;
  summary: string;
  recommendation: string;
  investigations: string;
  followUp: string;
  contributions: { authorName: string; recommendation: string }[];
  agreements: { name: string; agrees: boolean; comment: string; current: boolean }[];
  signedByName: string;
  signedAt: Date;
  sha256: string;
};

/** Letters WinAnsi lacks and decomposition does not reduce to plain ones. */
const PLAIN: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ħ: "h", Ħ: "H", ı: "i", ŀ: "l", Ŀ: "L", ŧ: "t", Ŧ: "T", ĸ: "k", ŋ: "n", Ŋ: "N" };
const SPACES = /[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot be printed
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` in characters the font can encode: itself, else without its marks, else a plain letter, else "?". */
export function printable(font: PDFFont, text: string, known = new Map<string, string>()): string {
  let out = "";
  for (const char of text.replace(SPACES, " ").replace(INVISIBLE, "")) {
    let plain = known.get(char);
    if (plain === undefined) {
      const candidates = [char, char.normalize("NFD").replace(/\p{M}/gu, ""), PLAIN[char] ?? ""];
      plain = candidates.find((candidate) => candidate !== "" && encodes(font, candidate)) ?? "?";
      known.set(char, plain);
    }
    out += plain;
  }
  return out;
}

function encodes(font: PDFFont, text: string): boolean {
  try {
    font.encodeText(text);
    return true;
  } catch {
    return false;
  }
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const FOOTER = "OpenCPMS — confidential health data";

/** Lays text out top to bottom, opening a new page when one is full. */
class Writer {
  private page: PDFPage;
  private y: number;
  private readonly known = new Map<string, string>();
  private readonly doc: PDFDocument;
  private readonly regular: PDFFont;
  private readonly bold: PDFFont;

  constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private room(height: number) {
    if (this.y - height >= MARGIN + 24) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Wraps `text` (paragraphs kept) to the page's width. */
  private lines(text: string, font: PDFFont, size: number): string[] {
    const width = A4[0] - 2 * MARGIN;
    const fits = (line: string) => font.widthOfTextAtSize(line, size) <= width;
    const out: string[] = [];
    for (const paragraph of text.split(/\r?\n/).map((line) => printable(font, line, this.known))) {
      let line = "";
      for (const word of paragraph.split(" ")) {
        const tried = line === "" ? word : `${line} ${word}`;
        if (fits(tried)) {
          line = tried;
          continue;
        }
        if (line !== "") out.push(line);
        line = word;
        // A word wider than the page is cut where it must be.
        while (!fits(line)) {
          let cut = line.length - 1;
          while (cut > 1 && !fits(line.slice(0, cut))) cut--;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      out.push(line);
    }
    return out;
  }

  text(text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const leading = size * 1.35;
    for (const line of this.lines(text, font, size)) {
      this.room(leading);
      this.y -= leading;
      this.page.drawText(line, { x: MARGIN, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
    this.y -= options.gap ?? 4;
  }

  section(heading: string, body: string) {
    if (body.trim() === "") return;
    this.room(40);
    this.y -= 6;
    this.text(heading, { size: 11, bold: true, gap: 2 });
    this.text(body, { gap: 6 });
  }

  footers() {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      const label = `${FOOTER} · page ${index + 1} of ${pages.length}`;
      page.drawText(printable(this.regular, label, this.known), { x: MARGIN, y: MARGIN / 2, size: 8, font: this.regular, color: rgb(0.35, 0.35, 0.35) });
    });
  }
}

const when = (at: Date) =>
  `${at.toLocaleString("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" })} UTC`;

export async function outcomePdf(document: OutcomeDocument): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  doc.setTitle(`Panel outcome ${document.reference}`);
  doc.setSubject(`The signed outcome of panel ${document.reference} (${document.ernCode}), patient ${document.pseudonym}`);
  doc.setAuthor(printable(regular, document.signedByName));
  doc.setCreator("OpenCPMS");
  doc.setProducer("OpenCPMS");
  doc.setCreationDate(document.signedAt);
  const out = new Writer(doc, regular, bold);
  out.text("Panel outcome", { size: 18, bold: true, gap: 8 });
  out.text(`Panel ${document.reference} · ${document.ernCode}${document.thematicArea ? ` · ${document.thematicArea}` : ""}`, { bold: true });
  out.text(`Patient: ${document.pseudonym}`, { gap: 10 });
  out.section("Title", document.title);
  out.section("Question", document.question);
  out.section("Summary", document.summary);
  out.section("RECOMMENDATION", document.recommendation);
  out.section("Investigations", document.investigations);
  out.section("Follow-up", document.followUp);
  out.section(
    "Contributions cited",
    document.contributions.length
      ? document.contributions.map((c) => `${c.authorName}: ${c.recommendation.trim() || "(no recommendation)"}`).join("\n")
      : "No submitted contribution.",
  );
  out.section(
    "Agreements",
    document.agreements.length
      ? document.agreements
          .map((a) => `${a.name}: ${a.agrees ? "agrees" : "does not agree"}${a.current ? "" : " (with an earlier text)"}${a.comment ? ` — ${a.comment}` : ""}`)
          .join("\n")
      : "No member gave their agreement.",
  );
  out.section("Signature", `Signed by ${document.signedByName} on ${when(document.signedAt)}.\nSHA-256 of the signed document: ${document.sha256}`);
  out.footers();
  return doc.save();
}

/**
 * Who may have the PDF: the panel's lead, members and managers while the
 * patient's consent for care stands — and whoever may read the patient
 * (the access policy decides; the signed outcome stays with the patient).
 * Anyone else: 404 "Not found or no access.".
 */
export async function requireOutcomeReader(tx: Db, user: CpmsUser, panelId: string): Promise<{ panel: PanelRow; reason: string }> {
  let access: PanelAccess | null = null;
  try {
    access = await requirePanelAccess(tx, user, panelId, "member");
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  if (access?.consentStands) return { panel: access.panel, reason: "panel" };
  if (!isUuid(panelId)) throw new NotFound();
  const [panel] = access ? [access.panel] : await tx.select().from(panels).where(eq(panels.id, panelId.toLowerCase()));
  if (!panel) throw new NotFound();
  try {
    const patient = await requirePatientAccess(tx, user, panel.patientId, "read");
    return { panel, reason: patient.reason };
  } catch (error) {
    if (access && error instanceof NotFound) throw new Conflict(CONSENT_GONE_READ);
    throw error;
  }
}

/** The panel's signed outcome in force as a PDF, with its file name; audited with the reason the user may have it. 409 when the outcome is not signed. */
export async function downloadOutcomePdf(
  tx: Db,
  origin: RequestOrigin,
  user: Actor,
  reader: { panel: PanelRow; reason: string },
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { panel } = reader;
  const outcome = await currentOutcome(tx, panel.id);
  if (outcome?.status !== "signed" || !outcome.signedAt || !outcome.signedSha256) throw new Conflict("The outcome is not signed yet.");
  const agreements = await tx.select().from(panelAgreements).where(eq(panelAgreements.outcomeId, outcome.id)).orderBy(panelAgreements.at);
  const bytes = await outcomePdf({
    reference: panel.reference,
    ernCode: panel.ernCode,
    thematicArea: panel.thematicAreaName,
    pseudonym: panel.pseudonym,
    title: panel.title,
    question: panel.question,
    summary: outcome.summary,
    recommendation: outcome.recommendation,
    investigations: outcome.investigations,
    followUp: outcome.followUp,
    contributions: outcome.contributions,
    agreements: agreements.map((a) => ({ name: a.name, agrees: a.agrees, comment: a.comment, current: a.revision === outcome.revision })),
    signedByName: outcome.signedByName ?? "",
    signedAt: outcome.signedAt,
    sha256: outcome.signedSha256,
  });
  await auditPanel(tx, origin, user, panel, "panel.outcome_downloaded", {
    reason: reader.reason,
    purpose: "read",
    outcomeId: outcome.id,
    sha256: outcome.signedSha256,
  });
  return { fileName: `${panel.reference}-outcome.pdf`, bytes };
}
