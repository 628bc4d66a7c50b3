/* My Account endpoints of this method (added with the method). */
import type { Server } from "../../../platform/http/server.ts";

export function smsRoutes(_app: Server): void {}
