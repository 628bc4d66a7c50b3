/* Searching HPO, Orphanet and ICD-10 for the record's pickers. */
import type { Server } from "../../platform/http/server.ts";

export async function terminologyRoutes(_app: Server): Promise<void> {}
