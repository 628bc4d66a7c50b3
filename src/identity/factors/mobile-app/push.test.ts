import assert from "node:assert/strict";
import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { jwtVerify } from "jose";
import webpush from "web-push";
import { TestBrowser } from "../../../platform/testing/http-client.ts";
import { startTestSystem } from "../../../platform/testing/test-system.ts";
import type { System } from "../../../system.ts";
import { addUser } from "../../accounts/add-user.ts";
import { STRONG_PASSWORD } from "../../accounts/testing.ts";
import { auditEvents } from "../../pg-schema.ts";
import { secrets } from "../totp/tables.ts";
import type { StoredDevice } from "./authenticator.ts";
import { checkPinProof, DeviceLocked, MAX_WRONG_PINS } from "./device-auth.ts";
import { type DevicePurpose, deviceMessage, SIGNATURE_ALGORITHM, sign, subscriptionPurpose } from "./protocol.ts";
import {
  checkPushEndpoint,
  isInternalAddress,
  NOT_A_PUSH_SERVICE,
  PUSH_TIMEOUT_MS,
  PUSH_TTL_SECONDS,
  pushToDevices,
  resolvesOutside,
  vapidKeys,
} from "./push.ts";
import { mobileDevices, PUSH_KEYS_SECRET } from "./tables.ts";
import { addMobileDevice } from "./testing.ts";

// The Encrypted Content-Encoding library web-push itself is built on: the phone's side of RFC 8291.
const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(buffer: Buffer, params: { version: "aes128gcm"; privateKey: ECDH; authSecret: string }): Buffer;
};

type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };

/**
 * The browser vendor's push service (FCM, Mozilla autopush…) on a loopback
 * port: it takes the POSTs of the Web Push protocol and records them, and
 * answers 201 unless told to answer otherwise or not at all for a path.
 */
class PushService {
  readonly received: Received[] = [];
  readonly answers = new Map<string, number | "never">();
  private server: HttpServer | undefined;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const path = request.url ?? "";
        this.received.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
        const answer = this.answers.get(path) ?? 201;
        if (answer !== "never") response.writeHead(answer, { location: `${this.origin}/message/${randomUUID()}` }).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  to(path: string): Received[] {
    return this.received.filter((message) => message.path === path);
  }
}

/** What PushManager.subscribe() makes in the phone's browser: an ECDH P-256 key pair, a 16-byte auth secret, an endpoint at its push service. */
function browserSubscription(service: PushService) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const path = `/wpush/v2/${randomBytes(24).toString("base64url")}`;
  const json = {
    endpoint: `${service.origin}${path}`,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey("base64url"), auth: randomBytes(16).toString("base64url") },
  };
  return { ecdh, path, json };
}

/** The phone's browser reading a message: aes128gcm with its private key and auth secret (RFC 8291). */
function decrypt(message: Received, subscription: ReturnType<typeof browserSubscription>): unknown {
  return JSON.parse(
    ece.decrypt(message.body, { version: "aes128gcm", privateKey: subscription.ecdh, authSecret: subscription.json.keys.auth }).toString("utf8"),
  );
}

/** The public key of a VAPID header's `k`, as a key jose verifies with. */
function vapidPublicKey(k: string) {
  const point = Buffer.from(k, "base64url");
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
}

describe("Web Push to the OpenCPMS Authenticator", () => {
  let system: System;
  const service = new PushService();
  before(async () => {
    system = await startTestSystem();
    await service.start();
  });
  after(async () => {
    await service.stop();
    await system.close();
  });
  const db = () => system.database.db;
  const identity = () => system.server("identity");

  let n = 0;
  /** An account with one device initialised by the real app logic. */
  const withDevice = async () => {
    n++;
    const email = `push${n}@hospital.example`;
    const user = await addUser(db(), system.config, { email, firstName: "Paula", lastName: "Schmidt", password: STRONG_PASSWORD });
    const browser = new TestBrowser(identity());
    assert.equal((await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "password" })).status, 200);
    const added = await addMobileDevice(browser, system);
    return { userId: user.id, email, browser, ...added };
  };
  const addresses = { next: 0 };
  /** The app's signed call, from an address of its own (the routes' per-address limits count apart). */
  const call = async (method: "POST" | "DELETE", body: object) => {
    addresses.next++;
    const response = await identity().inject({
      method,
      url: "/api/app/push-subscription",
      payload: body,
      remoteAddress: `198.51.${Math.floor(addresses.next / 250)}.${(addresses.next % 250) + 1}`,
    });
    return { status: response.statusCode, body: response.json() };
  };
  const proof = async (device: StoredDevice, purpose: DevicePurpose = "push", at = Date.now(), privateKey = device.privateKey) => ({
    deviceId: device.deviceId,
    at,
    signature: await sign(privateKey, deviceMessage(device.deviceId, purpose, at)),
  });
  const subscribe = async (device: StoredDevice, subscription: { endpoint: string }) =>
    call("POST", { ...(await proof(device, subscriptionPurpose(subscription.endpoint))), subscription });
  const storedSubscription = async (deviceId: string) =>
    (await db().select({ s: mobileDevices.pushSubscription }).from(mobileDevices).where(eq(mobileDevices.id, deviceId)))[0]?.s ?? null;
  const message = { title: "Sign-in to OpenCPMS Login", body: "Sign-in to OpenCPMS Login waiting for your approval", requestId: randomUUID() };

  test("the app gets the public key to subscribe with: one pair per database, its private key kept sealed", async () => {
    const first = await identity().inject({ method: "GET", url: "/api/app/push-key" });
    assert.equal(first.statusCode, 200);
    const { publicKey } = first.json();
    assert.equal(Buffer.from(publicKey, "base64url").length, 65, "an uncompressed P-256 point, as PushManager.subscribe() takes it");
    assert.equal((await identity().inject({ method: "GET", url: "/api/app/push-key" })).json().publicKey, publicKey, "the same key each time");

    const [row] = await db().select().from(secrets).where(eq(secrets.name, PUSH_KEYS_SECRET));
    const stored = JSON.parse(row.value);
    const pair = await vapidKeys(db(), system.config);
    assert.equal(stored.publicKey, publicKey);
    assert.equal(pair.publicKey, publicKey);
    assert.ok(!row.value.includes(pair.privateKey), "the private key is not kept in clear");
    assert.match(stored.privateKey, /^v1:/, "sealed like every secret");
    const derived = createECDH("prime256v1");
    derived.setPrivateKey(Buffer.from(pair.privateKey, "base64url"));
    assert.equal(derived.getPublicKey("base64url"), publicKey, "a matching pair");

    const configured = webpush.generateVAPIDKeys();
    assert.deepEqual(await vapidKeys(db(), { ...system.config, push: { ...system.config.push, vapidKeys: configured } }), configured, "VAPID_* keys win");
  });

  test("a subscribed device is woken: its push service gets one message, encrypted for the phone, signed with VAPID for that service, living as long as the request", async () => {
    const { userId, device } = await withDevice();
    const subscription = browserSubscription(service);
    const subscribed = await subscribe(device, subscription.json);
    assert.equal(subscribed.status, 200, JSON.stringify(subscribed.body));
    assert.deepEqual(await storedSubscription(device.deviceId), { endpoint: subscription.json.endpoint, keys: subscription.json.keys });
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.type, "mobile_device.push_subscribed"));
    assert.equal(event.subjectId, userId);
    assert.deepEqual(event.details, { deviceId: device.deviceId, pushService: service.origin });

    await pushToDevices(db(), system.config, userId, message);
    const [received, ...more] = service.to(subscription.path);
    assert.ok(received, "the push service received a message");
    assert.equal(more.length, 0, "exactly one");
    assert.deepEqual(decrypt(received, subscription), { type: "sign-in", ...message }, "the phone reads what the service sent");
    assert.ok(!received.body.includes(Buffer.from("OpenCPMS")), "the push service cannot read it");
    assert.equal(received.headers["content-encoding"], "aes128gcm");
    assert.equal(received.headers.ttl, String(PUSH_TTL_SECONDS));
    assert.equal(received.headers.urgency, "high");
    assert.equal(received.headers.topic, device.deviceId.replaceAll("-", ""), "a newer message replaces an undelivered one to this device");

    const vapid = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(String(received.headers.authorization));
    assert.ok(vapid, `a VAPID Authorization header: ${received.headers.authorization}`);
    const [, jwt, k] = vapid;
    assert.equal(k, (await identity().inject({ method: "GET", url: "/api/app/push-key" })).json().publicKey, "signed with the key the app subscribed with");
    const { payload, protectedHeader } = await jwtVerify(jwt, vapidPublicKey(k), { audience: service.origin, algorithms: ["ES256"] });
    assert.equal(protectedHeader.alg, "ES256");
    assert.equal(payload.sub, "mailto:no-reply@opencpms.localhost");
    assert.ok((payload.exp as number) - Date.now() / 1000 <= 24 * 3600, "valid at most a day (RFC 8292)");
    const forged = webpush.generateVAPIDKeys().publicKey;
    await assert.rejects(jwtVerify(jwt, vapidPublicKey(forged), { audience: service.origin }), "another key does not verify it");
  });

  test("a push service that has forgotten the subscription (410 Gone, 404) has it removed; other failures keep it and are only logged", async () => {
    for (const answer of [410, 404]) {
      const { userId, device } = await withDevice();
      const subscription = browserSubscription(service);
      assert.equal((await subscribe(device, subscription.json)).status, 200);
      service.answers.set(subscription.path, answer);
      await pushToDevices(db(), system.config, userId, message);
      assert.equal(service.to(subscription.path).length, 1);
      assert.equal(await storedSubscription(device.deviceId), null, `${answer}: removed`);
      await pushToDevices(db(), system.config, userId, message);
      assert.equal(service.to(subscription.path).length, 1, `${answer}: not tried again`);
    }
    const { userId, device } = await withDevice();
    const subscription = browserSubscription(service);
    assert.equal((await subscribe(device, subscription.json)).status, 200);
    service.answers.set(subscription.path, 503);
    await pushToDevices(db(), system.config, userId, message);
    assert.equal(service.to(subscription.path).length, 1);
    assert.notEqual(await storedSubscription(device.deviceId), null, "a push service that is down keeps the subscription");
  });

  test("a subscription that is not signed by the device, signed for another purpose, stale or by another key is refused (401) and nothing is stored", async () => {
    const { device } = await withDevice();
    const other = await withDevice();
    const subscription = browserSubscription(service).json;
    const strangerKey = ((await crypto.subtle.generateKey(SIGNATURE_ALGORITHM, false, ["sign", "verify"])) as CryptoKeyPair).privateKey;
    const attempts: [string, object][] = [
      ["no signature", { deviceId: device.deviceId, at: Date.now(), signature: "", subscription }],
      ["another key's signature", { ...(await proof(device, "push", Date.now(), strangerKey)), subscription }],
      ["another device's signature", { ...(await proof(device, "push", Date.now(), other.device.privateKey)), subscription }],
      ["signed for reading requests", { ...(await proof(device, "requests")), subscription }],
      ["signed for removing (no endpoint)", { ...(await proof(device, "push")), subscription }],
      ["signed for another push service", { ...(await proof(device, subscriptionPurpose("https://push.attacker.example/wake/1"))), subscription }],
      ["signed ten minutes ago", { ...(await proof(device, subscriptionPurpose(subscription.endpoint), Date.now() - 10 * 60_000)), subscription }],
      ["an unknown device", { ...(await proof(device, subscriptionPurpose(subscription.endpoint))), deviceId: randomUUID(), subscription }],
    ];
    for (const [what, body] of attempts) {
      const refused = await call("POST", body);
      assert.ok([400, 401].includes(refused.status), `${what}: ${refused.status} ${JSON.stringify(refused.body)}`);
      if (what !== "no signature") assert.equal(refused.status, 401, what);
    }
    assert.equal(await storedSubscription(device.deviceId), null);
    const removal = await call("DELETE", { ...(await proof(device, "push", Date.now(), strangerKey)) });
    assert.equal(removal.status, 401, "nor can a forged request remove one");
  });

  test("a locked device cannot subscribe, and one locked or deleted after subscribing is told nothing", async () => {
    const locked = await withDevice();
    const lockedSubscription = browserSubscription(service);
    assert.equal((await subscribe(locked.device, lockedSubscription.json)).status, 200);
    for (let attempt = 1; attempt <= MAX_WRONG_PINS; attempt++) {
      const wrong = checkPinProof(db(), system.config, {}, locked.row, "nonce", "not-the-proof");
      if (attempt < MAX_WRONG_PINS) await assert.rejects(wrong, { message: /^Wrong PIN code\. \d tr(y|ies) left\.$/ });
      else await assert.rejects(wrong, DeviceLocked);
    }
    await pushToDevices(db(), system.config, locked.userId, message);
    assert.equal(service.to(lockedSubscription.path).length, 0, "a locked device is not told");
    const again = await subscribe(locked.device, browserSubscription(service).json);
    assert.equal(again.status, 423, JSON.stringify(again.body));

    const deleted = await withDevice();
    const deletedSubscription = browserSubscription(service);
    assert.equal((await subscribe(deleted.device, deletedSubscription.json)).status, 200);
    const removed = await deleted.browser.request("DELETE", `/api/account/mobile-devices/${deleted.device.deviceId}`, { confirmLastFactor: true });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    await pushToDevices(db(), system.config, deleted.userId, message);
    assert.equal(service.to(deletedSubscription.path).length, 0, "a deleted device is not told");
    assert.equal((await subscribe(deleted.device, browserSubscription(service).json)).status, 401, "nor can it subscribe again");
  });

  test("a subscription that is not one (missing keys, wrong key sizes, not a URL, not a push service, oversized) is refused with 400 and nothing is stored", async () => {
    const { device } = await withDevice();
    const good = browserSubscription(service).json;
    const cases: [string, unknown, string][] = [
      // A missing field is named by its own name.
      ["no keys", { endpoint: good.endpoint }, "keys"],
      ["no auth", { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh } }, "auth"],
      ["a short p256dh", { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 43) } }, "subscription.keys.p256dh"],
      ["an auth of 8 bytes", { ...good, keys: { ...good.keys, auth: randomBytes(8).toString("base64url") } }, "subscription.keys.auth"],
      ["keys that are not base64url", { ...good, keys: { ...good.keys, auth: "<script>" } }, "subscription.keys.auth"],
      ["no endpoint", { keys: good.keys }, "endpoint"],
      ["an endpoint that is not a URL", { ...good, endpoint: "push service" }, "subscription.endpoint"],
      ["an ftp endpoint", { ...good, endpoint: "ftp://push.example.org/x" }, "subscription.endpoint"],
      ["an endpoint with credentials", { ...good, endpoint: `http://user:pass@127.0.0.1:${new URL(good.endpoint).port}/x` }, "subscription.endpoint"],
      ["an http endpoint elsewhere", { ...good, endpoint: "http://push.example.org/x" }, "subscription.endpoint"],
      ["an endpoint on a private address", { ...good, endpoint: "https://10.0.0.7/x" }, "subscription.endpoint"],
      ["an endpoint of 2000 characters", { ...good, endpoint: `https://push.example.org/${"a".repeat(2000)}` }, "subscription.endpoint"],
      ["an unexpected field", { ...good, extra: "x".repeat(100) }, "subscription"],
      ["no subscription", undefined, "subscription"],
    ];
    for (const [what, subscription, field] of cases) {
      const signedFor = subscriptionPurpose((subscription as { endpoint?: string } | undefined)?.endpoint ?? "");
      const refused = await call("POST", { ...(await proof(device, signedFor)), ...(subscription === undefined ? {} : { subscription }) });
      assert.equal(refused.status, 400, `${what}: ${JSON.stringify(refused.body)}`);
      assert.ok(
        refused.body.errors?.some((error: { field: string }) => error.field === field),
        `${what}: names ${field} (${JSON.stringify(refused.body.errors)})`,
      );
    }
    const huge = await call("POST", { ...(await proof(device)), subscription: { ...good, keys: { ...good.keys, padding: "x".repeat(20_000) } } });
    assert.equal(huge.status, 413, "a body beyond a few kilobytes is not even read");
    assert.equal(await storedSubscription(device.deviceId), null, "nothing was stored");
  });

  test("push services are reached by name over https; on this machine only while OpenCPMS Login itself runs on http", () => {
    const refused = (endpoint: string, identityUrl: string) =>
      assert.throws(
        () => checkPushEndpoint(endpoint, identityUrl),
        (error: Error) => error.message === NOT_A_PUSH_SERVICE,
        endpoint,
      );
    const production = "https://login.opencpms.example.eu";
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91b",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB",
      "https://web.push.apple.com/QGuQyavXutnMH",
    ])
      assert.equal(checkPushEndpoint(endpoint, production).href, endpoint);
    for (const endpoint of [
      "http://fcm.googleapis.com/fcm/send/x",
      "https://127.0.0.1/x",
      "http://127.0.0.1:9000/x",
      "https://localhost/x",
      "https://localhost./x",
      "https://[::1]/x",
      "https://169.254.169.254/latest",
      "https://2130706433/x",
      "https://intranet/x",
    ])
      refused(endpoint, production);
    const development = "http://localhost:3001";
    assert.ok(checkPushEndpoint("http://127.0.0.1:9000/x", development));
    assert.ok(checkPushEndpoint("http://localhost:9000/x", development));
    refused("http://192.168.1.20:9000/x", development);
  });

  test("a push service's name is resolved before each message: one that leads into a private network is not posted to", async () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.5",
      "192.168.1.20",
      "169.254.169.254",
      "100.64.1.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::7",
      "fe80::1",
      "::ffff:10.0.0.7",
    ])
      assert.equal(isInternalAddress(address), true, address);
    for (const address of ["142.250.74.106", "63.245.208.195", "2a00:1450:4007:80c::200a", "172.32.0.1"])
      assert.equal(isInternalAddress(address), false, address);
    const resolvingTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    assert.equal(await resolvesOutside("push.example.org", resolvingTo("142.250.74.106", "2a00:1450:4007:80c::200a")), true);
    assert.equal(await resolvesOutside("push.example.org", resolvingTo("142.250.74.106", "10.0.0.7")), false, "one inside address is enough to refuse");
    assert.equal(await resolvesOutside("push.example.org", resolvingTo()), false);
    assert.equal(
      await resolvesOutside("push.example.org", async () => {
        throw new Error("ENOTFOUND");
      }),
      false,
    );
    assert.equal(await resolvesOutside("localhost"), false, "the real resolver: localhost is this machine");

    // Behind https (a real deployment), a stored endpoint whose name leads to this machine gets nothing.
    const { userId, device } = await withDevice();
    const subscription = browserSubscription(service);
    const byName = subscription.json.endpoint.replace("127.0.0.1", "localhost");
    await db()
      .update(mobileDevices)
      .set({ pushSubscription: { endpoint: byName, keys: subscription.json.keys } })
      .where(eq(mobileDevices.id, device.deviceId));
    const deployed = { ...system.config, urls: { ...system.config.urls, identity: "https://login.opencpms.example.eu" } };
    await pushToDevices(db(), deployed, userId, message);
    assert.equal(service.to(subscription.path).length, 0, "not posted into this machine");
    await pushToDevices(db(), system.config, userId, message);
    assert.equal(service.to(subscription.path).length, 1, "the same endpoint on a developer's machine is posted to");
  });

  test("removing the subscription stops the messages", async () => {
    const { userId, device } = await withDevice();
    const subscription = browserSubscription(service);
    assert.equal((await subscribe(device, subscription.json)).status, 200);
    const removed = await call("DELETE", await proof(device));
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(await storedSubscription(device.deviceId), null);
    await pushToDevices(db(), system.config, userId, message);
    assert.equal(service.to(subscription.path).length, 0);
    assert.equal((await call("DELETE", await proof(device))).status, 200, "removing twice is harmless");
  });

  test("only the account's own active devices are told, each once", async () => {
    const first = await withDevice();
    const second = await addMobileDevice(first.browser, system, { name: "Tablet" });
    const stranger = await withDevice();
    const [mine, tablet, theirs] = [browserSubscription(service), browserSubscription(service), browserSubscription(service)];
    assert.equal((await subscribe(first.device, mine.json)).status, 200);
    assert.equal((await subscribe(second.device, tablet.json)).status, 200);
    assert.equal((await subscribe(stranger.device, theirs.json)).status, 200);
    await pushToDevices(db(), system.config, first.userId, message);
    assert.equal(service.to(mine.path).length, 1);
    assert.equal(service.to(tablet.path).length, 1);
    assert.equal(service.to(theirs.path).length, 0, "another account's device is not told");
  });

  test("a “Mobile App PIN Code” sign-in wakes the phone with that request, which the app then finds and approves", async () => {
    const { userId, email, device, authenticator, pin } = await withDevice();
    const subscription = browserSubscription(service);
    assert.equal((await subscribe(device, subscription.json)).status, 200);
    const browser = new TestBrowser(identity());
    const started = await browser.post("/api/sign-in", { email, password: STRONG_PASSWORD, method: "mobile-app-pin" });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const [received, ...more] = service.to(subscription.path);
    assert.ok(received, "the push service had the message before the browser got its answer");
    assert.equal(more.length, 0);
    const pushed = decrypt(received, subscription) as { type: string; title: string; body: string; requestId: string };
    assert.equal(pushed.type, "sign-in");
    assert.equal(pushed.requestId, started.body.show.requestId);
    assert.match(pushed.title, /^Sign-in to OpenCPMS Login/);
    assert.ok(!JSON.stringify(pushed).includes(email), "no personal data beyond what the app shows");

    const [waiting] = await authenticator.requests(device);
    assert.equal(waiting.id, pushed.requestId, "the app opened by the notification finds that sign-in");
    await authenticator.answer(device, waiting, "approve", { number: started.body.show.number, pin });
    const done = await browser.post("/api/sign-in/second-factor", { answer: {} });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await browser.get("/api/session")).body.user.id, userId);
  });

  test(`a push service that does not answer holds the sign-in at most ${PUSH_TIMEOUT_MS / 1000} seconds, and the other devices are told meanwhile`, async () => {
    const first = await withDevice();
    const second = await addMobileDevice(first.browser, system, { name: "Tablet" });
    const [silent, answering] = [browserSubscription(service), browserSubscription(service)];
    service.answers.set(silent.path, "never");
    assert.equal((await subscribe(first.device, silent.json)).status, 200);
    assert.equal((await subscribe(second.device, answering.json)).status, 200);
    const started = Date.now();
    await pushToDevices(db(), system.config, first.userId, message);
    const waited = Date.now() - started;
    assert.ok(waited >= PUSH_TIMEOUT_MS - 100 && waited < PUSH_TIMEOUT_MS + 2000, `waited ${waited} ms`);
    assert.equal(service.to(answering.path).length, 1);
    assert.notEqual(await storedSubscription(first.device.deviceId), null, "a silent push service keeps the subscription");
  });
});
