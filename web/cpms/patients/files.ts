/* The attachments API as the pages use it. */
import { upload } from "./upload.ts";

export type StoredFile = { id: string; name: string; type: string; size: number };
export type AttachmentView = StoredFile & { title: string; category: string; ownerName: string; createdAt: string };

/** A staged upload (claimed later by the record or a consent). */
export async function stageFile(file: File, kind: "attachment" | "consent_form"): Promise<StoredFile> {
  return (await upload<{ file: StoredFile }>("/api/files", file, { kind })).file;
}

export const attachmentsUrl = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}/attachments`;
export const downloadHref = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}/content`;
