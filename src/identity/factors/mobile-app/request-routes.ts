/*
 * The sign-in requests over HTTP.
 * - the app (no cookies: each call is signed by the device, device-auth.ts,
 *   so no CSRF token either): GET /api/app/requests lists the waiting ones,
 *   GET /api/app/events streams them (event "requests") while the app is
 *   open, POST /api/app/requests/:id/answer approves or denies one. A
 *   stream ends when its device is deleted or locked, with an event "device"
 *   {status} (the app, reconnecting, is then told why);
 * - the browser waiting on its Mobile App PIN Code sign-in, found by the
 *   pending-step cookie: GET /api/sign-in/mobile-app/status and the stream
 *   GET /api/sign-in/mobile-app/events (event "status", ending once the
 *   request is approved, denied or expired). After "Send again" both follow
 *   the new request.
 */
import { eq } from "drizzle-orm";
import type { Server } from "../../../platform/http/server.ts";
import { sendEventStream } from "../../../platform/http/server-events.ts";
import { PENDING_COOKIE } from "../../accounts/cookies.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { authenticateDevice } from "./device-auth.ts";
import { AnswerBody, DeviceQuery, RequestParams } from "./request-schemas.ts";
import { answerRequest, requestOfPendingSignIn, statusOf, waitingRequests } from "./requests.ts";
import { mobileDevices } from "./tables.ts";

const DEVICE_STREAM_SECONDS = 120;
const BROWSER_STREAM_SECONDS = 120;

export function mobileAppRequestRoutes(app: Server): void {
  const { db, config } = app.context;
  const device = (max: number) => ({ csrf: false, ...strict(max) });

  app.get("/api/app/requests", { schema: { querystring: DeviceQuery }, config: device(60) }, async (request, reply) => {
    const { userId } = await authenticateDevice(db, request.query, "requests");
    return reply.header("cache-control", "no-store").send({ requests: await waitingRequests(db, userId) });
  });

  app.get("/api/app/events", { schema: { querystring: DeviceQuery }, config: device(30) }, async (request, reply) => {
    const { id, userId } = await authenticateDevice(db, request.query, "events");
    let isGone = false;
    await sendEventStream(request, reply, {
      keys: [`mobile-user:${userId}`],
      maxSeconds: DEVICE_STREAM_SECONDS,
      read: async () => {
        const [current] = await db.select({ status: mobileDevices.status }).from(mobileDevices).where(eq(mobileDevices.id, id));
        isGone = current?.status !== "active";
        // A distinct last event, since an unchanged one is not sent (and would not end the stream).
        if (isGone) return { event: "device", data: { status: current?.status ?? "deleted" } };
        return { event: "requests", data: { requests: await waitingRequests(db, userId) } };
      },
      until: () => isGone,
    });
  });

  app.post("/api/app/requests/:id/answer", { schema: { params: RequestParams, body: AnswerBody }, config: device(30) }, async (request) => {
    return { message: await answerRequest(db, config, originOf(request), request.params.id, request.body) };
  });

  app.get("/api/sign-in/mobile-app/status", { config: strict(120) }, async (request, reply) => {
    const found = await requestOfPendingSignIn(db, request.cookies[PENDING_COOKIE]);
    return reply.header("cache-control", "no-store").send({ status: statusOf(found), number: found.number });
  });

  app.get("/api/sign-in/mobile-app/events", { config: strict(30) }, async (request, reply) => {
    const pendingToken = request.cookies[PENDING_COOKIE];
    const first = await requestOfPendingSignIn(db, pendingToken);
    await sendEventStream(request, reply, {
      keys: [`mobile-request:${first.id}`],
      maxSeconds: BROWSER_STREAM_SECONDS,
      read: async () => {
        // Read through the pending step each time, so that after "Send again" the stream follows the new request.
        const current = await requestOfPendingSignIn(db, pendingToken).catch(() => null);
        return { event: "status", data: current ? { status: statusOf(current), number: current.number } : { status: "expired" } };
      },
      until: (event) => (event.data as { status: string }).status !== "pending",
    });
  });
}
