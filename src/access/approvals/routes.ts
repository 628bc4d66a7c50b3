/* The approvers' side: the queue, decisions one by one or in bulk (contract.ts). */
import type { Server } from "../../platform/http/server.ts";

export async function approvalRoutes(_app: Server): Promise<void> {}
