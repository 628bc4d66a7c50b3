/* The catalogue the wizard browses: applications, their profiles, the organisation tree (contract.ts). */
import type { Server } from "../../platform/http/server.ts";

export async function catalogRoutes(_app: Server): Promise<void> {}
