/*
 * My Account → "Manage my mobile devices", and the app's initialisation.
 * - My Account (session cookie): list; add (recent second-factor session,
 *   as for every new factor); follow one device's status while its QR code
 *   is shown (server-sent events); rename; delete (recent second-factor
 *   session, last-factor confirmation). Another account's id is 404.
 * - The app (no cookie, so no CSRF token): activate with the scanned token
 *   and its public key, then confirm with its signed PIN proof. Tight
 *   per-address limits: the token and the PIN are what an attacker guesses.
 * - The app also turns fingerprint or face on and off (biometrics.ts), with
 *   calls signed by the device's key.
 * - Answers carrying the link or the device secret are never cached.
 */
import type { Server } from "../../../platform/http/server.ts";
import { NotFound } from "../../../platform/http/errors.ts";
import { sendEventStream } from "../../../platform/http/server-events.ts";
import { requireSession } from "../../accounts/current-session.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { requireSecurityChangeRights } from "../changes.ts";
import { RemoveFactorBody } from "../schemas.ts";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { ActivateBody, AddDeviceBody, ConfirmActivationBody, DeviceParams, RenameDeviceBody } from "./device-schemas.ts";
import { DeviceProofBody, EnableBiometricsBody } from "./request-schemas.ts";
import { BIOMETRICS_OFF_NOW, BIOMETRICS_ON, biometricsOptions, disableBiometrics, enableBiometrics } from "./biometrics.ts";
import { activeDevice, authenticateDeviceProof } from "./device-auth.ts";
import { biometricsOnPurpose } from "./protocol.ts";
import { activateDevice, addDevice, confirmActivation, DEVICE_READY, deviceState, isUuid, listDevices, removeDevice, renameDevice } from "./devices.ts";

const deviceCall = (max: number) => ({ csrf: false, ...strict(max) });

export function mobileDeviceRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account/mobile-devices", async (request) => {
    const { user } = await requireSession(request);
    return { devices: await listDevices(db, user.id) };
  });

  app.post("/api/account/mobile-devices", { schema: { body: AddDeviceBody }, config: strict(10) }, async (request, reply) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    const added = await addDevice(db, config, originOf(request), session.user, request.body);
    // The link holds the single-use token: no cache may keep it.
    return reply.header("cache-control", "no-store").status(201).send(added);
  });

  app.get("/api/account/mobile-devices/:id/events", { schema: { params: DeviceParams }, config: strict(30) }, async (request, reply) => {
    const { user } = await requireSession(request);
    const deviceId = request.params.id;
    // Another account's device reads as deleted, like a made-up id: not found.
    if (!isUuid(deviceId) || ["deleted", "expired"].includes(await deviceState(db, user.id, deviceId))) throw new NotFound();
    await sendEventStream(request, reply, {
      keys: [`mobile-device:${deviceId}`],
      read: async () => ({ event: "status", data: { status: await deviceState(db, user.id, deviceId) } }),
      until: (event) => (event.data as { status: string }).status !== "pending",
      maxSeconds: 15 * 60,
    });
    return reply;
  });

  app.patch("/api/account/mobile-devices/:id", { schema: { params: DeviceParams, body: RenameDeviceBody }, config: strict(20) }, async (request) => {
    const { user } = await requireSession(request);
    const device = await renameDevice(db, originOf(request), user, request.params.id, request.body.name);
    return { device, message: `Your device is now called “${device.name}”.` };
  });

  app.delete("/api/account/mobile-devices/:id", { schema: { params: DeviceParams, body: RemoveFactorBody }, config: strict(10) }, async (request) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    const device = await removeDevice(db, config, originOf(request), session.user, request.params.id, request.body?.confirmLastFactor);
    return { message: `Your mobile device “${device.name}” was deleted.` };
  });

  app.post("/api/app/activate", { schema: { body: ActivateBody }, config: deviceCall(10) }, async (request, reply) => {
    const activated = await activateDevice(db, config, originOf(request), request.body);
    // The device secret is in this answer only.
    return reply.header("cache-control", "no-store").send(activated);
  });

  app.post("/api/app/activate/confirm", { schema: { body: ConfirmActivationBody }, config: deviceCall(20) }, async (request) => {
    await confirmActivation(db, config, originOf(request), request.body);
    return { message: DEVICE_READY };
  });

  // Fingerprint or face in place of the PIN (biometrics.ts): the device's own signed calls, each its own purpose.

  app.post("/api/app/biometrics/options", { schema: { body: DeviceProofBody }, config: deviceCall(10) }, async (request, reply) => {
    const options = await biometricsOptions(db, config, await authenticateDeviceProof(db, request.body, "biometrics-options"));
    return reply.header("cache-control", "no-store").send(options);
  });

  app.post("/api/app/biometrics", { schema: { body: EnableBiometricsBody }, config: deviceCall(10) }, async (request) => {
    const { deviceId, pinProof, response } = request.body;
    // The signature covers the challenge this device was given and the credential sent.
    const { biometricsChallenge } = await activeDevice(db, deviceId);
    const device = await authenticateDeviceProof(db, request.body, biometricsOnPurpose(biometricsChallenge ?? "", response.id));
    await enableBiometrics(db, config, originOf(request), device, { pinProof, response: response as RegistrationResponseJSON });
    return { message: BIOMETRICS_ON };
  });

  app.delete("/api/app/biometrics", { schema: { body: DeviceProofBody }, config: deviceCall(10) }, async (request) => {
    await disableBiometrics(db, originOf(request), await authenticateDeviceProof(db, request.body, "biometrics-off"));
    return { message: BIOMETRICS_OFF_NOW };
  });
}
