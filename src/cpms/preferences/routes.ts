/* "My Preferences" per ERN (professional role, thematic areas) and the ERNs' thematic areas. */
import type { Server } from "../../platform/http/server.ts";

export async function preferencesRoutes(_app: Server): Promise<void> {}
