/*
 * "Mobile App PIN Code" as a second factor of the sign-in flow.
 * - set up once the account has an active (initialised, unlocked) device;
 * - start records a request for REQUEST_MINUTES with a random nonce, a
 *   number 10..99 the browser shows and the phone asks to pick, and what the
 *   phone shows of the sign-in (request-context.ts); then tells the devices
 *   (their open streams, and Web Push). "Send again" replaces the request:
 *   the old one can no longer be answered or used. At most MAX_WAITING
 *   requests of an account wait at once, so a stolen password cannot flood
 *   the phone with sign-ins to approve by reflex;
 * - verify takes the state's request of this account: approved and unexpired,
 *   it is used up by an update that re-checks the status (two racing
 *   completions cannot both win); denied, waiting or expired, it says so.
 *   The page calls verify only once the request is answered, since the flow
 *   counts each call as an attempt.
 */
import { randomInt } from "node:crypto";
import { and, count, eq, gt, inArray, ne } from "drizzle-orm";
import { randomToken } from "../../../platform/crypto.ts";
import { BadRequest, Conflict, Gone, TooManyRequests } from "../../../platform/http/errors.ts";
import { wake } from "../../../platform/http/server-events.ts";
import type { SecondFactor } from "../factor.ts";
import { hasActiveDevice } from "./devices.ts";
import { pushToDevices } from "./push.ts";
import { requestContext } from "./request-context.ts";
import { PIN_METHOD } from "./requests.ts";
import { mobileAppRequests } from "./tables.ts";

export const REQUEST_MINUTES = 3;
export const MAX_WAITING = 5;
export const DENIED_BY_USER = "You denied this sign-in on your device.";
export const DENIED_FOR_NUMBER = "The number chosen on your device was not the one shown here. Please sign in again.";
export const NOT_ANSWERED = "Your device has not answered yet. Approve the sign-in in the OpenCPMS Authenticator, then continue.";
export const SIGN_IN_REQUEST_EXPIRED = "This request has expired. Send a new one to your device.";
const ALREADY_USED = "This sign-in has already been completed. Please sign in again.";

type PinState = { requestId: string };

export const mobileAppPinFactor: SecondFactor = {
  method: PIN_METHOD,
  label: "Mobile App PIN Code",
  assurance: "substantial",
  isSetUp: hasActiveDevice,
  start: async ({ db, config, origin, user }, choice) => {
    const previousId = (choice.previous as Partial<PinState> | undefined)?.requestId;
    const now = new Date();
    const { request, replacedId } = await db.transaction(async (tx) => {
      const [previous] =
        typeof previousId === "string"
          ? await tx
              .select()
              .from(mobileAppRequests)
              .where(and(eq(mobileAppRequests.id, previousId), eq(mobileAppRequests.userId, user.id)))
          : [];
      if (previous)
        await tx
          .update(mobileAppRequests)
          .set({ expiresAt: now })
          .where(and(eq(mobileAppRequests.id, previous.id), inArray(mobileAppRequests.status, ["pending", "approved"]), gt(mobileAppRequests.expiresAt, now)));
      const [{ waiting }] = await tx
        .select({ waiting: count() })
        .from(mobileAppRequests)
        .where(
          and(
            eq(mobileAppRequests.userId, user.id),
            eq(mobileAppRequests.kind, "approve"),
            eq(mobileAppRequests.status, "pending"),
            gt(mobileAppRequests.expiresAt, now),
            ...(previous ? [ne(mobileAppRequests.id, previous.id)] : []),
          ),
        );
      if (waiting >= MAX_WAITING)
        throw new TooManyRequests(
          `Several sign-ins are already waiting for your device. Approve or deny them in the OpenCPMS Authenticator, or wait ${REQUEST_MINUTES} minutes.`,
          REQUEST_MINUTES * 60,
        );
      const context = await requestContext(tx, origin, choice.returnTo);
      const [request] = await tx
        .insert(mobileAppRequests)
        .values({
          userId: user.id,
          kind: "approve",
          question: randomToken(),
          number: randomInt(10, 100),
          // "Send again" is for the same sign-in: it keeps the application the first request named.
          context: previous ? { ...context, application: previous.context.application } : context,
          expiresAt: new Date(now.getTime() + REQUEST_MINUTES * 60_000),
        })
        .returning();
      return { request, replacedId: previous?.id };
    });
    if (replacedId) wake(`mobile-request:${replacedId}`);
    wake(`mobile-user:${user.id}`);
    await pushToDevices(db, config, user.id, {
      title: `Sign-in to ${request.context.application}`,
      body: `${request.context.browser}, ${request.context.place}. Open the OpenCPMS Authenticator to approve or deny it.`,
      requestId: request.id,
    }).catch(() => undefined);
    const state: PinState = { requestId: request.id };
    return { state, show: { requestId: request.id, number: request.number, expiresAt: request.expiresAt.toISOString() } };
  },
  verify: async ({ db, user }, state) => {
    const requestId = (state as Partial<PinState>).requestId;
    const [request] =
      typeof requestId === "string"
        ? await db
            .select()
            .from(mobileAppRequests)
            .where(and(eq(mobileAppRequests.id, requestId), eq(mobileAppRequests.userId, user.id), eq(mobileAppRequests.kind, "approve")))
        : [];
    if (!request) throw new BadRequest("This sign-in has expired. Please sign in again.");
    if (request.status === "denied") throw new BadRequest(request.deniedBecause === "number" ? DENIED_FOR_NUMBER : DENIED_BY_USER);
    if (request.status === "used") throw new BadRequest(ALREADY_USED);
    if (request.expiresAt.getTime() <= Date.now()) throw new Gone(SIGN_IN_REQUEST_EXPIRED);
    if (request.status === "pending") throw new Conflict(NOT_ANSWERED);
    const [used] = await db
      .update(mobileAppRequests)
      .set({ status: "used" })
      .where(and(eq(mobileAppRequests.id, request.id), eq(mobileAppRequests.status, "approved"), gt(mobileAppRequests.expiresAt, new Date())))
      .returning({ id: mobileAppRequests.id });
    if (!used) throw new BadRequest(ALREADY_USED);
    // Fingerprint or face on the phone: user verification over a second channel (RFC 8176 "mca").
    return { amr: request.approvedWith === "user" ? ["swk", "user", "mca"] : ["swk", "pin"], acr: "substantial" };
  },
};
