/* Web Push to the user's devices (VAPID). (Being built.) */
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { Server } from "../../../platform/http/server.ts";

export type PushMessage = { title: string; body: string; requestId?: string };

/** Sends `message` to every active device of the user that subscribed; never throws (the app also listens while open). */
export async function pushToDevices(_db: Db, _config: Config, _userId: string, _message: PushMessage): Promise<void> {}

export function pushRoutes(_app: Server): void {}
