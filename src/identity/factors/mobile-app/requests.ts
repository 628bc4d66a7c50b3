/*
 * Sign-in requests of the Mobile App PIN Code method, as the devices see and
 * answer them, and as the waiting browser sees them.
 * - a device sees the pending, unexpired requests of its own account, each
 *   with three numbers: the one the browser shows and two decoys derived
 *   from the request (so they stay the same each time it is read);
 * - an answer comes from an active device of the request's account (another
 *   account's request is "not found"), signed by the device's key over the
 *   request's nonce and the answer; it is taken only while the request is
 *   pending and unexpired, once (a replay finds it answered);
 * - a denial settles it at once; an approval needs the PIN proof (wrong PINs
 *   count and lock the device, device-auth.ts), or the phone's fingerprint
 *   or face where the user turned it on (biometrics.ts), and the number
 *   shown in the browser: a wrong number denies the sign-in, since the user may be
 *   approving a sign-in that is not theirs;
 * - each answer is audited in the transaction that records it, and wakes
 *   the browser's stream and the account's devices' streams.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, gt } from "drizzle-orm";
import { audit, type RequestOrigin } from "../../../platform/audit.ts";
import type { Config } from "../../../platform/config.ts";
import { sha256 } from "../../../platform/crypto.ts";
import type { Db } from "../../../platform/db/database.ts";
import { BadRequest, Conflict, Gone, InvalidField, NotFound, Unauthorized } from "../../../platform/http/errors.ts";
import { wake } from "../../../platform/http/server-events.ts";
import { pendingAuthentications } from "../../accounts/tables.ts";
import { auditEvents } from "../../pg-schema.ts";
import { checkBiometricApproval } from "./biometrics.ts";
import { activeDevice, checkPinProof, NOT_A_DEVICE, signedByDevice } from "./device-auth.ts";
import { type AnswerBody, type AppRequestView, answerMessage, type RequestStatus } from "./protocol.ts";
import { type MobileAppRequest, type MobileDevice, mobileAppRequests, mobileDevices } from "./tables.ts";

export const PIN_METHOD = "mobile-app-pin";
export const ALREADY_ANSWERED = "This sign-in has already been answered.";
export const REQUEST_EXPIRED = "This sign-in request has expired. If you are signing in, send a new request from your browser.";
export const WRONG_NUMBER =
  "This is not the number shown in your browser, so the sign-in has been refused. If you are signing in, start again; if not, someone may know your password: change it.";
export const PICK_NUMBER = "Pick the number shown in your browser.";
export const TYPE_PIN = "Type your PIN code.";
export const PIN_OR_BIOMETRICS = "Approve with your PIN code or with your fingerprint or face, not both.";
const SIGN_IN_EXPIRED = "This sign-in has expired. Please sign in again.";

const isExpired = (request: MobileAppRequest) => request.expiresAt.getTime() <= Date.now();

/** The browser's number and two decoys, all distinct in 10..99, in an order fixed by the request. */
export function numbersFor(request: Pick<MobileAppRequest, "id" | "question" | "number">): number[] {
  const right = request.number as number;
  const bytes = createHash("sha256").update(`opencpms-decoys\n${request.id}\n${request.question}`).digest();
  const numbers = [right];
  for (const byte of bytes) {
    const candidate = 10 + (byte % 90);
    if (!numbers.includes(candidate)) numbers.push(candidate);
    if (numbers.length === 3) break;
  }
  // Fisher–Yates with the digest's last bytes, so the browser's number is in any place.
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = bytes[bytes.length - i] % (i + 1);
    [numbers[i], numbers[j]] = [numbers[j], numbers[i]];
  }
  return numbers;
}

export function toView(request: MobileAppRequest): AppRequestView {
  return {
    id: request.id,
    nonce: request.question,
    application: request.context.application,
    browser: request.context.browser,
    place: request.context.place,
    time: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    numbers: numbersFor(request),
  };
}

/** The sign-ins waiting for an answer from the devices of this account, newest first. */
export async function waitingRequests(db: Db, userId: string): Promise<AppRequestView[]> {
  const rows = await db
    .select()
    .from(mobileAppRequests)
    .where(
      and(
        eq(mobileAppRequests.userId, userId),
        eq(mobileAppRequests.kind, "approve"),
        eq(mobileAppRequests.status, "pending"),
        gt(mobileAppRequests.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(mobileAppRequests.createdAt))
    .limit(10);
  return rows.map(toView);
}

/** What the waiting browser is told. */
export function statusOf(request: MobileAppRequest): RequestStatus {
  if (request.status === "denied") return "denied";
  if (request.status === "used") return "expired";
  if (isExpired(request)) return "expired";
  return request.status;
}

/** The request of the browser's pending Mobile App PIN Code sign-in (found by its pending-step cookie). */
export async function requestOfPendingSignIn(db: Db, pendingToken: string | undefined): Promise<MobileAppRequest> {
  if (!pendingToken) throw new BadRequest(SIGN_IN_EXPIRED);
  const [pending] = await db
    .select()
    .from(pendingAuthentications)
    .where(and(eq(pendingAuthentications.tokenHash, sha256(pendingToken)), gt(pendingAuthentications.expiresAt, new Date())));
  const requestId = pending?.method === PIN_METHOD ? pending.state.requestId : undefined;
  if (!pending || typeof requestId !== "string") throw new BadRequest(SIGN_IN_EXPIRED);
  const [request] = await db
    .select()
    .from(mobileAppRequests)
    .where(and(eq(mobileAppRequests.id, requestId), eq(mobileAppRequests.userId, pending.userId)));
  if (!request) throw new BadRequest(SIGN_IN_EXPIRED);
  return request;
}

function refuseUnlessWaiting(request: MobileAppRequest): void {
  if (request.status !== "pending") throw new Conflict(ALREADY_ANSWERED);
  if (isExpired(request)) throw new Gone(REQUEST_EXPIRED);
}

type Outcome = { status: "approved"; approvedWith: "pin" | "user" } | { status: "denied"; deniedBecause: "user" | "number" };

/** Records the answer if the request is still waiting; audited with it; wakes who waits on it. */
async function settle(db: Db, origin: RequestOrigin, device: MobileDevice, request: MobileAppRequest, outcome: Outcome): Promise<void> {
  const now = new Date();
  const settled = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(mobileAppRequests)
      .set({ ...outcome, answeredBy: device.id, answeredAt: now })
      .where(and(eq(mobileAppRequests.id, request.id), eq(mobileAppRequests.status, "pending"), gt(mobileAppRequests.expiresAt, now)))
      .returning();
    if (!row) return null;
    if (outcome.status === "approved") await tx.update(mobileDevices).set({ lastUsedAt: now }).where(eq(mobileDevices.id, device.id));
    await audit(tx, auditEvents, origin, {
      type: outcome.status === "approved" ? "mobile_app.approved" : "mobile_app.denied",
      subjectId: request.userId,
      details: {
        deviceId: device.id,
        requestId: request.id,
        ...(outcome.status === "denied" ? { reason: outcome.deniedBecause } : { with: outcome.approvedWith }),
      },
    });
    return row;
  });
  if (!settled) {
    // Answered or expired between reading and writing: say which.
    const [current] = await db.select().from(mobileAppRequests).where(eq(mobileAppRequests.id, request.id));
    refuseUnlessWaiting(current ?? { ...request, status: "used" });
  }
  wake(`mobile-request:${request.id}`);
  wake(`mobile-user:${request.userId}`);
}

/** A device's answer to a sign-in request (POST /api/app/requests/:id/answer); returns what the app tells the user. */
export async function answerRequest(db: Db, config: Config, origin: RequestOrigin, requestId: string, body: AnswerBody): Promise<string> {
  const device = await activeDevice(db, body.deviceId);
  const [request] = await db
    .select()
    .from(mobileAppRequests)
    .where(and(eq(mobileAppRequests.id, requestId), eq(mobileAppRequests.userId, device.userId), eq(mobileAppRequests.kind, "approve")));
  if (!request) throw new NotFound();
  const message = answerMessage({
    requestId: request.id,
    nonce: request.question,
    decision: body.decision,
    number: body.number,
    pinProof: body.pinProof,
    userSignature: body.assertion?.response.signature,
  });
  if (!(await signedByDevice(device, message, body.signature))) throw new Unauthorized(NOT_A_DEVICE);
  refuseUnlessWaiting(request);

  if (body.decision === "deny") {
    await settle(db, origin, device, request, { status: "denied", deniedBecause: "user" });
    return "You denied this sign-in. Nobody can complete it.";
  }
  if (body.number === undefined) throw new InvalidField("number", PICK_NUMBER);
  if (body.pinProof && body.assertion) throw new InvalidField("pin", PIN_OR_BIOMETRICS);
  if (body.assertion) await checkBiometricApproval(db, config, device, request, body.assertion);
  else if (body.pinProof) await checkPinProof(db, config, origin, device, request.question, body.pinProof);
  else throw new InvalidField("pin", TYPE_PIN);
  if (body.number !== request.number) {
    await settle(db, origin, device, request, { status: "denied", deniedBecause: "number" });
    throw new InvalidField("number", WRONG_NUMBER);
  }
  await settle(db, origin, device, request, { status: "approved", approvedWith: body.assertion ? "user" : "pin" });
  return "Sign-in approved. You can continue in your browser.";
}
