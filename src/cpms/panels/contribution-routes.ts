/* Placeholder: filled in with the panels feature (contract.ts lists its routes). */
import type { Server } from "../../platform/http/server.ts";

export async function contributionRoutes(_app: Server): Promise<void> {}
