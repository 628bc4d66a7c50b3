/* Placeholder: filled in with the notifications feature (contract.ts lists its routes). */
import type { Server } from "../../platform/http/server.ts";

export async function notificationRoutes(_app: Server): Promise<void> {}
