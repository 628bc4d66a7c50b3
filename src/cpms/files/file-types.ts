/*
 * What may be uploaded, decided by the file's content, not its name:
 * - the content's type is read from its bytes (magic numbers, DICOM's "DICM"
 *   at offset 128, the content types inside DOCX/XLSX/ODT zips) and must be
 *   on the allow-list; a plain zip, an executable, a script, … is refused;
 * - the name's extension must be one of that type's (a PDF named .png, an
 *   HTML page named .pdf: refused), and so must the type the browser
 *   declared, when it declared one;
 * - plain text is text only when it is all valid UTF-8 without NUL bytes,
 *   and not markup a browser would run (HTML, SVG, XML).
 * The type recorded, and sent back on download, is the checked one.
 */
import fs from "node:fs";
import { fileTypeFromFile } from "file-type";
import { InvalidField } from "../../platform/http/errors.ts";
import { extensionOf } from "./file-names.ts";

type Allowed = { type: string; label: string; extensions: string[]; declared: string[] };

const TEXT: Allowed = { type: "text/plain", label: "plain text", extensions: ["txt", "text", "log"], declared: ["text/plain"] };
const CSV: Allowed = {
  type: "text/csv",
  label: "CSV",
  extensions: ["csv"],
  declared: ["text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"],
};

/** By file-type's extension of the detected content. */
const DETECTED: Record<string, Allowed> = {
  pdf: { type: "application/pdf", label: "PDF", extensions: ["pdf"], declared: ["application/pdf", "application/x-pdf"] },
  png: { type: "image/png", label: "PNG image", extensions: ["png"], declared: ["image/png"] },
  jpg: { type: "image/jpeg", label: "JPEG image", extensions: ["jpg", "jpeg", "jpe"], declared: ["image/jpeg", "image/jpg", "image/pjpeg"] },
  webp: { type: "image/webp", label: "WebP image", extensions: ["webp"], declared: ["image/webp"] },
  gif: { type: "image/gif", label: "GIF image", extensions: ["gif"], declared: ["image/gif"] },
  tif: { type: "image/tiff", label: "TIFF image", extensions: ["tif", "tiff"], declared: ["image/tiff"] },
  // DICOM files often have no extension at all.
  dcm: { type: "application/dicom", label: "DICOM file", extensions: ["dcm", "dicom", ""], declared: ["application/dicom"] },
  docx: {
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word document",
    extensions: ["docx"],
    declared: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  },
  xlsx: {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "Excel workbook",
    extensions: ["xlsx"],
    declared: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  },
  odt: {
    type: "application/vnd.oasis.opendocument.text",
    label: "OpenDocument text",
    extensions: ["odt"],
    declared: ["application/vnd.oasis.opendocument.text"],
  },
  ods: {
    type: "application/vnd.oasis.opendocument.spreadsheet",
    label: "OpenDocument spreadsheet",
    extensions: ["ods"],
    declared: ["application/vnd.oasis.opendocument.spreadsheet"],
  },
};

/** What the upload field says when a file is refused for its type. */
export const ACCEPTED_FILES = "PDF, images (PNG, JPEG, WebP, GIF, TIFF), DICOM, Word, Excel and OpenDocument files, and plain text";

/** The types the checker may answer, for the contract and the UI's file picker. */
export const ALLOWED_TYPES: string[] = [...Object.values(DETECTED).map((allowed) => allowed.type), TEXT.type, CSV.type];

// Browsers declare this when they do not know; it says nothing either way.
const UNDECLARED = new Set(["", "application/octet-stream", "binary/octet-stream"]);

export type CheckedType = { type: string; label: string };

/** The checked type of the file at `filePath`, named `name` and declared `declaredType` by the browser; InvalidField(field) when refused. */
export async function checkFileType(filePath: string, name: string, declaredType: string, field = "file"): Promise<CheckedType> {
  const detected = await fileTypeFromFile(filePath);
  let allowed: Allowed | undefined;
  if (detected) {
    allowed = DETECTED[detected.ext];
    if (!allowed)
      throw new InvalidField(field, `This file's content is not one CPMS accepts (it is ${describe(detected.ext)}). Please attach ${ACCEPTED_FILES}.`);
  } else {
    const problem = await textProblem(filePath);
    if (problem) throw new InvalidField(field, `${problem} Please attach ${ACCEPTED_FILES}.`);
    allowed = extensionOf(name) === "csv" ? CSV : TEXT;
  }
  const extension = extensionOf(name);
  if (!allowed.extensions.includes(extension)) {
    const named = extension ? `.${extension}` : "without an extension";
    throw new InvalidField(
      field,
      `This file is named ${named} but its content is ${withArticle(allowed.label)}. Please check that you chose the right file, or rename it .${allowed.extensions[0]}.`,
    );
  }
  const declared = declaredType.split(";")[0].trim().toLowerCase();
  if (!UNDECLARED.has(declared) && !allowed.declared.includes(declared)) {
    throw new InvalidField(
      field,
      `This file was sent as ${declared} but its content is ${withArticle(allowed.label)}. Please check that you chose the right file.`,
    );
  }
  return { type: allowed.type, label: allowed.label };
}

function describe(ext: string): string {
  if (["exe", "elf", "mach-o", "dll", "msi", "apk", "class", "wasm"].includes(ext)) return "a program";
  if (["zip", "rar", "7z", "gz", "tar", "bz2", "xz", "zst", "cab"].includes(ext)) return `an archive (${ext})`;
  return `a .${ext} file`;
}

function withArticle(label: string): string {
  return /^[AEIOU]/i.test(label) ? `an ${label}` : `a ${label}`;
}

/** Why the file is not acceptable plain text, or null when it is. */
async function textProblem(filePath: string): Promise<string | null> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = "";
  for await (const chunk of fs.createReadStream(filePath) as AsyncIterable<Buffer>) {
    if (chunk.includes(0)) return "This file is neither a document nor an image CPMS knows, nor plain text.";
    try {
      const part = decoder.decode(chunk, { stream: true });
      if (start.length < 1024) start += part.slice(0, 1024);
    } catch {
      return "This file is neither a document nor an image CPMS knows, nor plain text in UTF-8.";
    }
  }
  try {
    decoder.decode();
  } catch {
    return "This file is neither a document nor an image CPMS knows, nor plain text in UTF-8.";
  }
  if (start.trim() === "") return "This file is empty.";
  if (/^\s*(<!doctype\s|<html|<head|<body|<script|<svg|<\?xml|<iframe)/i.test(start.replace(/^\uFEFF/, ""))) {
    return "This file is a web page or markup, which CPMS does not accept.";
  }
  return null;
}
