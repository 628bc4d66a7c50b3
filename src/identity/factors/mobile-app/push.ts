/*
 * Web Push to the OpenCPMS Authenticator (VAPID, RFC 8030/8291/8292), so a
 * phone whose app is closed is woken when a sign-in waits for it.
 *
 * - the VAPID key pair is VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY; unset, one is
 *   generated once per database and kept in `identity.secrets` (private key
 *   sealed like every secret): whoever inserts first wins, so every instance
 *   signs with the same pair the phones subscribed with;
 * - a device gives its subscription (the push service's endpoint and the
 *   browser's keys) signed by its key, like every device request; a locked,
 *   deleted or unknown device, or a bad signature, stores nothing;
 * - the endpoint is an https URL of a push service, named by a host name
 *   (no IP address, no localhost: the service must not be made to post into
 *   its own network); while OpenCPMS Login itself runs on plain http (a
 *   developer's machine, tests), an http or https endpoint on this machine's
 *   loopback is accepted too; before each message the name is resolved and
 *   a name that leads into a private, loopback or link-local network is not
 *   posted to;
 * - a message goes to every active device of the user that subscribed, in
 *   parallel, each within PUSH_TIMEOUT_MS; it says only what the app shows
 *   anyway, lives as long as the sign-in request (TTL) and replaces an older
 *   one to the same device (Topic); a push service answering 404 or 410 has
 *   forgotten the subscription, which is then removed; any other failure is
 *   logged and never fails the sign-in: an open app also listens on its
 *   event stream.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { Type } from "typebox";
import webpush, { type RequestOptions } from "web-push";
import { audit, type RequestOrigin } from "../../../platform/audit.ts";
import type { Config, VapidKeys } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { InvalidField } from "../../../platform/http/errors.ts";
import type { Server } from "../../../platform/http/server.ts";
import { originOf } from "../../accounts/routes.ts";
import { auditEvents } from "../../pg-schema.ts";
import { openSecret, sealSecret, sharedSecret } from "../totp/secret-box.ts";
import { authenticateDeviceProof } from "./device-auth.ts";
import { fromBase64url, subscriptionPurpose } from "./protocol.ts";
import { DeviceProof } from "./request-schemas.ts";
import { type MobileDevice, mobileDevices, PUSH_KEYS_SECRET } from "./tables.ts";

export type PushMessage = { title: string; body: string; requestId?: string };
export type PushSubscription = NonNullable<MobileDevice["pushSubscription"]>;

/** How long a sign-in waits at most for one push service. */
export const PUSH_TIMEOUT_MS = 5_000;
/** A message is worth delivering while the sign-in request lives (3 minutes). */
export const PUSH_TTL_SECONDS = 180;
export const PUSH_SUBSCRIBED = "This device will be notified when a sign-in waits for your approval.";
export const PUSH_UNSUBSCRIBED = "This device will no longer be notified. Open the app to see sign-ins waiting for your approval.";
export const NOT_A_PUSH_SERVICE = "Notifications cannot be turned on: the phone's push service gave an address OpenCPMS Login does not accept.";
export const NOT_PUSH_KEYS = "Notifications cannot be turned on: the phone gave keys that are not those of a push subscription.";

// ── Keys ────────────────────────────────────────────────────────────────────

/** The VAPID key pair: the configured one, or the one this database keeps. */
export async function vapidKeys(db: Db, config: Config): Promise<VapidKeys> {
  if (config.push.vapidKeys) return config.push.vapidKeys;
  const stored = JSON.parse(
    await sharedSecret(db, PUSH_KEYS_SECRET, async () => {
      const fresh = webpush.generateVAPIDKeys();
      return JSON.stringify({ publicKey: fresh.publicKey, privateKey: await sealSecret(db, config, PUSH_KEYS_SECRET, fresh.privateKey) });
    }),
  ) as VapidKeys;
  return { publicKey: stored.publicKey, privateKey: await openSecret(db, config, PUSH_KEYS_SECRET, stored.privateKey) };
}

// ── Subscriptions ───────────────────────────────────────────────────────────

const base64url = (maxLength: number) => Type.String({ maxLength, pattern: "^[A-Za-z0-9_-]+={0,2}$" });

export const SubscribeBody = Type.Object(
  {
    ...DeviceProof,
    // PushSubscription.toJSON() as the browser gives it.
    subscription: Type.Object(
      {
        endpoint: Type.String({ minLength: 1, maxLength: 1024, pattern: "^\\S+$", errorMessage: NOT_A_PUSH_SERVICE }),
        expirationTime: Type.Optional(Type.Union([Type.Null(), Type.Number()])),
        keys: Type.Object({ p256dh: base64url(100), auth: base64url(40) }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const UnsubscribeBody = Type.Object(DeviceProof, { additionalProperties: false });

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopback = (hostname: string) => LOOPBACK_NAMES.has(hostname) || hostname.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/** OpenCPMS Login on plain http: a developer's machine or the tests, where push services on this machine are allowed. */
const isDevelopment = (identityUrl: string) => !identityUrl.startsWith("https:");

/** A URL's host name without the brackets of an IPv6 address. */
const bareHost = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

/** Throws unless `endpoint` may be posted to (see the header); `identityUrl` tells a developer's machine from a real deployment. */
export function checkPushEndpoint(endpoint: string, identityUrl: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InvalidField("subscription.endpoint", NOT_A_PUSH_SERVICE);
  }
  // "localhost." is localhost: a trailing dot changes nothing but the spelling.
  const hostname = url.hostname.replace(/\.$/, "");
  const onThisMachine = isLoopback(hostname);
  const accepted =
    !url.username &&
    !url.password &&
    (onThisMachine
      ? isDevelopment(identityUrl) && ["http:", "https:"].includes(url.protocol)
      : url.protocol === "https:" && isIP(bareHost(hostname)) === 0 && hostname.includes("."));
  if (!accepted) throw new InvalidField("subscription.endpoint", NOT_A_PUSH_SERVICE);
  return url;
}

function checkPushKeys(keys: PushSubscription["keys"]): void {
  const p256dh = fromBase64url(keys.p256dh.replace(/=+$/, ""));
  if (p256dh.length !== 65 || p256dh[0] !== 4) throw new InvalidField("subscription.keys.p256dh", NOT_PUSH_KEYS);
  if (fromBase64url(keys.auth.replace(/=+$/, "")).length !== 16) throw new InvalidField("subscription.keys.auth", NOT_PUSH_KEYS);
}

/** Addresses a push service is never at: this machine, private networks, link-local, multicast, reserved. */
const INTERNAL_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  INTERNAL_NETWORKS.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  INTERNAL_NETWORKS.addSubnet(network, prefix, "ipv6");

/** True for an address inside this machine or its networks (IPv4-mapped IPv6 addresses are checked as IPv4). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || INTERNAL_NETWORKS.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** True when every address `hostname` resolves to is outside (a name that does not resolve is not). */
export async function resolvesOutside(hostname: string, resolve = (name: string) => lookup(name, { all: true })): Promise<boolean> {
  try {
    const addresses = await resolve(hostname);
    return addresses.length > 0 && addresses.every(({ address }) => !isInternalAddress(address));
  } catch {
    return false;
  }
}

/** Keeps the device's subscription (replacing an older one), audited. */
export async function subscribeDevice(db: Db, config: Config, origin: RequestOrigin, device: MobileDevice, subscription: PushSubscription): Promise<void> {
  const url = checkPushEndpoint(subscription.endpoint, config.urls.identity);
  checkPushKeys(subscription.keys);
  const stored: PushSubscription = { endpoint: subscription.endpoint, keys: { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth } };
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mobileDevices)
      .set({ pushSubscription: stored })
      .where(and(eq(mobileDevices.id, device.id), eq(mobileDevices.status, "active")))
      .returning({ id: mobileDevices.id });
    if (updated)
      await audit(tx, auditEvents, origin, {
        type: "mobile_device.push_subscribed",
        subjectId: device.userId,
        details: { deviceId: device.id, pushService: url.origin },
      });
  });
}

export async function unsubscribeDevice(db: Db, origin: RequestOrigin, device: MobileDevice): Promise<void> {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mobileDevices)
      .set({ pushSubscription: null })
      .where(and(eq(mobileDevices.id, device.id), isNotNull(mobileDevices.pushSubscription)))
      .returning({ id: mobileDevices.id });
    if (updated) await audit(tx, auditEvents, origin, { type: "mobile_device.push_unsubscribed", subjectId: device.userId, details: { deviceId: device.id } });
  });
}

// ── Sending ─────────────────────────────────────────────────────────────────

type Log = { warn(details: object, message: string): void };
const logs = new WeakMap<Db, Log>();

/**
 * Sends `message` to every active device of the user that subscribed; never
 * throws (the app also listens while open) and returns within about
 * PUSH_TIMEOUT_MS.
 */
export async function pushToDevices(db: Db, config: Config, userId: string, message: PushMessage): Promise<void> {
  const log = logs.get(db) ?? { warn: (details: object, text: string) => console.warn(text, details) };
  try {
    const devices = await db
      .select({ id: mobileDevices.id, subscription: mobileDevices.pushSubscription })
      .from(mobileDevices)
      .where(and(eq(mobileDevices.userId, userId), eq(mobileDevices.status, "active"), isNotNull(mobileDevices.pushSubscription)));
    if (!devices.length) return;
    const vapidDetails = { subject: config.push.subject, ...(await vapidKeys(db, config)) };
    const payload = JSON.stringify({
      type: "sign-in",
      title: message.title.slice(0, 200),
      body: message.body.slice(0, 500),
      ...(message.requestId ? { requestId: message.requestId } : {}),
    });
    // Two devices on one phone (two accounts in one app) share its subscription: one message is enough.
    const byEndpoint = new Map<string, { id: string; subscription: PushSubscription }>();
    for (const { id, subscription } of devices)
      if (subscription && !byEndpoint.has(subscription.endpoint)) byEndpoint.set(subscription.endpoint, { id, subscription });
    await Promise.all(
      [...byEndpoint.values()].map(async ({ id, subscription }) => {
        // The topic replaces an undelivered older message to this device.
        const outcome = (await mayPost(subscription.endpoint, config.urls.identity))
          ? await send(subscription, payload, { vapidDetails, TTL: PUSH_TTL_SECONDS, urgency: "high", topic: id.replaceAll("-", "") })
          : "not sent: its name leads into a private network";
        if (outcome === "gone") await forgetSubscription(db, id, subscription.endpoint);
        else if (outcome !== "sent")
          log.warn({ deviceId: id, pushService: new URL(subscription.endpoint).origin, outcome }, "a Web Push message was not accepted");
      }),
    );
  } catch (error) {
    log.warn({ err: error, userId }, "Web Push messages could not be sent");
  }
}

/** The endpoint's name must lead outside, unless this is a developer's machine (see checkPushEndpoint). */
async function mayPost(endpoint: string, identityUrl: string): Promise<boolean> {
  return isDevelopment(identityUrl) || resolvesOutside(bareHost(new URL(endpoint).hostname));
}

/**
 * Posts one message with fetch (web-push encrypts it and signs the VAPID
 * header): the whole exchange, not only the connection, is bounded by
 * PUSH_TIMEOUT_MS. "gone": the push service no longer knows the subscription.
 */
async function send(subscription: PushSubscription, payload: string, options: RequestOptions): Promise<"sent" | "gone" | string> {
  try {
    const request = webpush.generateRequestDetails(subscription, payload, options);
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name]) => name.toLowerCase() !== "content-length")
        .map(([name, value]) => [name, String(value)]),
    );
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: new Uint8Array(request.body),
      redirect: "error",
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return "sent";
    return response.status === 404 || response.status === 410 ? "gone" : `answered ${response.status}`;
  } catch (error) {
    return (error as Error).name === "TimeoutError" ? `no answer within ${PUSH_TIMEOUT_MS} ms` : (error as Error).message;
  }
}

/** Removes a subscription the push service forgot, unless the device has given a new one meanwhile. */
async function forgetSubscription(db: Db, deviceId: string, endpoint: string): Promise<void> {
  await db
    .update(mobileDevices)
    .set({ pushSubscription: null })
    .where(and(eq(mobileDevices.id, deviceId), sql`${mobileDevices.pushSubscription}->>'endpoint' = ${endpoint}`));
}

// ── Routes ──────────────────────────────────────────────────────────────────

const deviceRoute = (max: number) => ({ bodyLimit: 8 * 1024, config: { csrf: false, rateLimit: { max, timeWindow: 60_000 } } });

export function pushRoutes(app: Server): void {
  const { db, config } = app.context;
  logs.set(db, app.log);

  /** The applicationServerKey of PushManager.subscribe(). */
  app.get("/api/app/push-key", { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async () => ({
    publicKey: (await vapidKeys(db, config)).publicKey,
  }));

  app.post("/api/app/push-subscription", { schema: { body: SubscribeBody }, ...deviceRoute(20) }, async (request) => {
    const { deviceId, at, signature, subscription } = request.body;
    const device = await authenticateDeviceProof(db, { deviceId, at, signature }, subscriptionPurpose(subscription.endpoint));
    await subscribeDevice(db, config, originOf(request), device, subscription);
    return { message: PUSH_SUBSCRIBED };
  });

  app.delete("/api/app/push-subscription", { schema: { body: UnsubscribeBody }, ...deviceRoute(20) }, async (request) => {
    const device = await authenticateDeviceProof(db, request.body, "push");
    await unsubscribeDevice(db, originOf(request), device);
    return { message: PUSH_UNSUBSCRIBED };
  });
}
