/*
 * The content check on real bytes: office documents told apart from plain
 * zips by what is inside them, names and declared types that must agree
 * with the content, text that must be text; and file names made safe.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import zlib from "node:zlib";
import { attachmentDisposition, sanitizeFileName } from "./file-names.ts";
import { checkFileType } from "./file-types.ts";
import { DICOM, ELF, HTML, PDF, PNG } from "./testing.ts";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "opencpms-types-test-"));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

let counter = 0;
function onDisk(content: Buffer | string): string {
  const file = path.join(folder, String(++counter));
  fs.writeFileSync(file, content);
  return file;
}

/** A zip of stored (uncompressed) entries, as office suites write their first entries. */
function zip(entries: [name: string, content: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
const DOCX = zip([
  ["[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")],
  ["word/document.xml", "<w:document/>"],
]);
const XLSX = zip([
  ["[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")],
  ["xl/workbook.xml", "<workbook/>"],
]);
const ODT = zip([
  ["mimetype", "application/vnd.oasis.opendocument.text"],
  ["content.xml", "<office:document-content/>"],
]);
const PLAIN_ZIP = zip([["readme.txt", "hello"]]);

describe("checking a file's type by its content", () => {
  test("each accepted kind of file is recognised from its bytes", async () => {
    for (const [name, content, type] of [
      ["report.pdf", PDF, "application/pdf"],
      ["scan.PNG", PNG, "image/png"],
      ["IM0001", DICOM, "application/dicom"],
      ["letter.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["labs.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["letter.odt", ODT, "application/vnd.oasis.opendocument.text"],
      ["labs.csv", "date;CRP\n2026-01-15;12\n", "text/csv"],
      ["notes.txt", "Fièvre persistante.\n", "text/plain"],
    ] as const) {
      assert.equal((await checkFileType(onDisk(content), name, "")).type, type, name);
    }
  });

  test("a zip, a program or a web page is refused whatever its name", async () => {
    for (const [name, content, message] of [
      ["letter.docx", PLAIN_ZIP, /an archive \(zip\)/],
      ["report.pdf", ELF, /a program/],
      ["notes.txt", HTML, /web page/],
      ["image.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /web page or markup/],
      ["notes.txt", Buffer.from("text\u0000with a NUL"), /nor plain text/],
    ] as const) {
      await assert.rejects(checkFileType(onDisk(content), name, ""), (error: Error) => {
        assert.match(error.message, message, name);
        return true;
      });
    }
  });

  test("a Word document named .pdf, or declared as a PDF, is refused", async () => {
    await assert.rejects(checkFileType(onDisk(DOCX), "letter.pdf", ""), /named \.pdf but its content is a Word document/);
    await assert.rejects(checkFileType(onDisk(DOCX), "letter.docx", "application/pdf"), /sent as application\/pdf/);
  });
});

describe("file names", () => {
  test("only the last path component, without control or reserved characters, at most 150 characters with the extension kept", () => {
    assert.equal(sanitizeFileName("C:\\Users\\dr\\Desktop\\compte rendu.pdf"), "compte rendu.pdf");
    assert.equal(sanitizeFileName("../../etc/passwd"), "passwd");
    assert.equal(sanitizeFileName("in\u202evoice\u0000.pdf"), "invoice.pdf");
    assert.equal(sanitizeFileName('a<b>:"c"|?*.txt'), "a_b___c____.txt");
    assert.equal(sanitizeFileName(".hidden"), "hidden");
    assert.equal(sanitizeFileName("..."), "file");
    const long = sanitizeFileName(`${"é".repeat(300)}.docx`);
    assert.equal(long.length, 150);
    assert.ok(long.endsWith(".docx"));
  });

  test("the download's Content-Disposition has an ASCII fallback and the exact UTF-8 name", () => {
    assert.equal(
      attachmentDisposition('Échographie "mars".pdf'),
      `attachment; filename="Echographie _mars_.pdf"; filename*=UTF-8''%C3%89chographie%20%22mars%22.pdf`,
    );
  });
});
