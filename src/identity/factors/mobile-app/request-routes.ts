/* The sign-in requests: the devices read, hear of and answer them; the browser waits for the answer. (Being built.) */
import type { Server } from "../../../platform/http/server.ts";

export function mobileAppRequestRoutes(_app: Server): void {}
