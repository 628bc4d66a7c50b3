/* The Global Dashboard: the ERNs and roles the user holds. */
import type { Server } from "../../platform/http/server.ts";

export async function dashboardRoutes(_app: Server): Promise<void> {}
