/*
 * The files API (contract.ts): staged uploads, and a patient's attachments
 * — upload (type checked by content), list, download, delete — each for a
 * CPMS member (requireMember) and, for a patient, with the access policy's
 * yes (requirePatientAccess, else 404 "Not found or no access."), checked
 * before a byte of the file is read. Multipart parsing lives in this
 * plugin's scope only. Downloads are sent as attachments with the checked
 * type, never sniffed, never rendered as a page (CSP sandbox).
 * Expired staged uploads are purged every hour.
 */
import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import { InvalidField, NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { type PatientPurpose, requirePatientAccess } from "../patients/access-policy.ts";
import { isUuid } from "../patients/record-store.ts";
import { type AttachmentMeta, addAttachment, checkAttachable, deleteAttachment, listAttachments, openAttachment } from "./attachments.ts";
import { sendStoredFile } from "./send-file.ts";
import { withKeptFile } from "./keep-file.ts";
import { purgeExpiredUploads, startPurging } from "./purge-uploads.ts";
import { receiveUpload } from "./receive-upload.ts";
import { AttachmentParams, PatientParams } from "./schemas.ts";
import { stageUpload } from "./stage-upload.ts";
import { createFileStore, FileContentMissing, type FileStore } from "./store.ts";
import { ATTACHMENT_CATEGORIES, type AttachmentCategory, FILE_KINDS, type FileKind } from "./tables.ts";

const uploads = { rateLimit: { max: 60, timeWindow: 60_000 } };

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export async function attachmentRoutes(app: Server, options: { store?: FileStore } = {}): Promise<void> {
  const { db, config } = app.context;
  const store = options.store ?? createFileStore(config);
  const maxBytes = config.files.maxBytes;

  const stopPurging = startPurging(
    () => purgeExpiredUploads(db, store, new Date(), (message) => app.log.warn(message)),
    3600_000,
    (error) => app.log.error(error, "purging expired uploads failed"),
  );
  app.addHook("onClose", async () => stopPurging());

  const accessTo = async (request: FastifyRequest, id: string, purpose: PatientPurpose) => {
    const user = await requireMember(request);
    if (!isUuid(id)) throw new NotFound();
    return { user, access: await requirePatientAccess(db, user, id.toLowerCase(), purpose) };
  };

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });

    scope.post("/api/uploads", { config: uploads }, async (request, reply) => {
      const user = await requireMember(request);
      const received = await receiveUpload(request, { maxBytes, fields: ["kind"] });
      try {
        const kind = received.fields.kind ?? "attachment";
        if (!FILE_KINDS.includes(kind as FileKind)) throw new InvalidField("kind", 'The kind is "attachment", "consent_form" or "panel_file".');
        const file = await withKeptFile(store, received, (kept) =>
          db.transaction((tx) => stageUpload(tx, originOf(request), user, received, kept, kind as FileKind)),
        );
        return reply.status(201).send({ file, message: `${file.name} is uploaded.` });
      } finally {
        await received.discard();
      }
    });

    scope.post("/api/patients/:id/attachments", { schema: { params: PatientParams }, config: uploads }, async (request, reply) => {
      const { user, access } = await accessTo(request, request.params.id, "write");
      await checkAttachable(db, access.patientId);
      const received = await receiveUpload(request, { maxBytes, fields: ["title", "category"] });
      try {
        const meta = attachmentMeta(received.fields);
        const added = await withKeptFile(store, received, (kept) =>
          db.transaction((tx) => addAttachment(tx, originOf(request), user, access, received, kept, meta)),
        );
        return reply.status(201).send({ ...added, message: `${added.attachment.name} is attached to the record.` });
      } finally {
        await received.discard();
      }
    });
  });

  app.get("/api/patients/:id/attachments", { schema: { params: PatientParams } }, async (request) => {
    const { user, access } = await accessTo(request, request.params.id, "read");
    return { attachments: await db.transaction((tx) => listAttachments(tx, originOf(request), user, access)) };
  });

  app.get("/api/patients/:id/attachments/:fileId", { schema: { params: AttachmentParams } }, async (request, reply) => {
    const { user, access } = await accessTo(request, request.params.id, "read");
    if (!isUuid(request.params.fileId)) throw new NotFound();
    const { file, content } = await db
      .transaction((tx) => openAttachment(tx, store, originOf(request), user, access, request.params.fileId.toLowerCase()))
      .catch((error) => {
        if (!(error instanceof FileContentMissing)) throw error;
        request.log.error(error, "an attachment's content is missing from the file store");
        throw new NotFound("This file's content cannot be found. Please tell your CPMS administrator.");
      });
    return sendStoredFile(reply, file, content);
  });

  app.delete("/api/patients/:id/attachments/:fileId", { schema: { params: AttachmentParams }, config: uploads }, async (request) => {
    const { user, access } = await accessTo(request, request.params.id, "write");
    if (!isUuid(request.params.fileId)) throw new NotFound();
    const deleted = await db.transaction((tx) => deleteAttachment(tx, originOf(request), user, access, request.params.fileId.toLowerCase()));
    return { version: deleted.version, message: `${deleted.file.name} is deleted from the record.` };
  });
}

/** The text fields beside the file: category (required) and title (optional, short). */
function attachmentMeta(fields: Record<string, string>): AttachmentMeta {
  const category = (fields.category ?? "").trim();
  if (!ATTACHMENT_CATEGORIES.includes(category as AttachmentCategory)) {
    throw new InvalidField("category", "Please choose what the file is: report, image, genetic report, consent form or other.");
  }
  const title = (fields.title ?? "").replace(/\s+/g, " ").trim();
  if (title.length > 200) throw new InvalidField("title", "The title may have at most 200 characters.");
  return { title, category: category as AttachmentCategory };
}
