/* The files API's path parameters (the multipart bodies are checked as they stream: receive-upload.ts, routes.ts). */
import { Type } from "typebox";

export const PatientParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), fileId: Type.String({ maxLength: 64 }) });
