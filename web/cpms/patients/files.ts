/* The files API as the pages use it (src/cpms/files/contract.ts). */
import type { FileView } from "../../../src/cpms/files/contract.ts";
import { upload } from "./upload.ts";

export type { FileView };

/** A staged upload, the uploader's for 24 hours, until a consent or the record claims it by its id. */
export async function stageFile(file: File, kind: "attachment" | "consent_form"): Promise<FileView> {
  return (await upload<{ file: FileView }>("/api/uploads", file, { kind })).file;
}

export const attachmentsUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}/attachments`;
export const downloadHref = (patientId: string, fileId: string) => `${attachmentsUrl(patientId)}/${encodeURIComponent(fileId)}`;
