/* My Account endpoints of this method (added with the method). */
import type { Server } from "../../../platform/http/server.ts";

export function totpRoutes(_app: Server): void {}
