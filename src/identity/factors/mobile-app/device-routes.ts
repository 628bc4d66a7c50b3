/* My Account → "Manage my mobile devices", and the app's initialisation. (Being built.) */
import type { Server } from "../../../platform/http/server.ts";

export function mobileDeviceRoutes(_app: Server): void {}
