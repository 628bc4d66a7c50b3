/* Placeholder: filled in with the requests-for-assistance feature (contract.ts lists its routes). */
import type { Server } from "../../platform/http/server.ts";

export async function assistanceRoutes(_app: Server): Promise<void> {}
