/* The requester's side: submit a request, see one's requests and rights, withdraw, ask for deletion, history; /api/me (contract.ts). */
import type { Server } from "../../platform/http/server.ts";

export async function requestRoutes(_app: Server): Promise<void> {}
