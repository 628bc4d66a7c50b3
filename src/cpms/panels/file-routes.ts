/*
 * A panel's files (contract.ts, "Files"): GET /api/panels/:id/files/:fileId.
 * - only the panel's lead, members and managers (panel-access.ts; anyone
 *   else 404 "Not found or no access."), and only while the patient's
 *   consent for care stands;
 * - only a file this panel holds (a shared record attachment or a
 *   member's file), not deleted: any other file of the patient is 404, so
 *   a member never reaches the record through a panel; a file only on
 *   another member's unsubmitted draft is 404 too, until it is submitted;
 * - sent as an attachment with the checked type, never sniffed, never
 *   rendered as a page (CSP sandbox), and audited ("panel.file_downloaded")
 *   on the patient, before the first byte leaves.
 */
import type { FastifyRequest } from "fastify";
import type { RequestOrigin } from "../../platform/audit.ts";
import { Conflict, NotFound } from "../../platform/http/errors.ts";
import type { Server } from "../../platform/http/server.ts";
import { requireMember } from "../authorizations/memberships.ts";
import { sendStoredFile } from "../files/send-file.ts";
import { createFileStore, FileContentMissing, type FileStore } from "../files/store.ts";
import { isUuid } from "../patients/record-store.ts";
import { othersDraftFileIds } from "./contributions.ts";
import { auditPanel, requirePanelAccess } from "./panel-access.ts";
import { panelFile } from "./panel-files.ts";
import { PanelFileParams } from "./outcome-schemas.ts";

function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export const CONSENT_GONE = "The patient's consent for care no longer stands: the panel's patient data is hidden.";

export async function panelFileRoutes(app: Server, options: { store?: FileStore } = {}): Promise<void> {
  const { db, config } = app.context;
  const store = options.store ?? createFileStore(config);

  app.get("/api/panels/:id/files/:fileId", { schema: { params: PanelFileParams } }, async (request, reply) => {
    const user = await requireMember(request);
    const { file, content } = await db
      .transaction(async (tx) => {
        const access = await requirePanelAccess(tx, user, request.params.id, "member");
        if (!isUuid(request.params.fileId)) throw new NotFound();
        if (!access.consentStands) throw new Conflict(CONSENT_GONE);
        const held = await panelFile(tx, access.panel.id, request.params.fileId.toLowerCase());
        if (!held || (await othersDraftFileIds(tx, access.panel.id, user.sub)).has(held.file.id)) throw new NotFound();
        const content = await store.get(held.file.storageKey);
        await auditPanel(tx, originOf(request), user, access.panel, "panel.file_downloaded", {
          purpose: "read",
          fileId: held.file.id,
          name: held.file.name,
          source: held.source,
        });
        return { file: held.file, content };
      })
      .catch((error) => {
        if (!(error instanceof FileContentMissing)) throw error;
        request.log.error(error, "a panel file's content is missing from the file store");
        throw new NotFound("This file's content cannot be found. Please tell your CPMS administrator.");
      });
    return sendStoredFile(reply, file, content);
  });
}
