/*
 * The OpenCPMS Authenticator's logic, the same in the app (a web app at
 * /app, keys non-extractable in IndexedDB) and in `opencpms authenticator`
 * (keys in a file): initialise a device from the QR code's link and the PIN,
 * read and answer sign-in requests, listen for new ones, and compute the
 * Mobile App QR Code method's 8-digit code without any network.
 * WebCrypto and fetch only (see protocol.ts for what is signed).
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import {
  type Activated,
  type AppRequestView,
  activationMessage,
  answerMessage,
  biometricsOnPurpose,
  type Decision,
  type DevicePurpose,
  deviceMessage,
  importDeviceSecret,
  PIN_PATTERN,
  parseAppLink,
  pinHash,
  pinProof,
  qrCode,
  SIGNATURE_ALGORITHM,
  sign,
  toBase64url,
  webCryptoHmac,
} from "./protocol.ts";

export type StoredDevice = {
  server: string;
  deviceId: string;
  deviceName: string;
  account: { email: string; name: string };
  privateKey: CryptoKey;
  /** The device secret as an HMAC-SHA256 key. */
  secret: CryptoKey;
  addedAt: string;
  /** The phone's WebAuthn credential that approves with fingerprint or face, once turned on. */
  biometrics?: { credentialId: string };
};

/** The phone's WebAuthn: navigator.credentials (through @simplewebauthn/browser) in the app, a software authenticator in tests. */
export type PlatformAuthenticator = {
  create(options: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON>;
  get(options: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON>;
};

export interface DeviceStore {
  list(): Promise<StoredDevice[]>;
  save(device: StoredDevice): Promise<void>;
  remove(deviceId: string): Promise<void>;
}

export function memoryStore(): DeviceStore {
  const devices = new Map<string, StoredDevice>();
  return {
    list: async () => [...devices.values()],
    save: async (device) => void devices.set(device.deviceId, device),
    remove: async (deviceId) => void devices.delete(deviceId),
  };
}

/** A refusal from the service, with its problem+json detail (what to tell the user). */
export class AuthenticatorError extends Error {
  readonly status: number;
  /** The field the service refused, as "pin" for a wrong PIN code. */
  readonly field: string | undefined;
  constructor(message: string, status = 0, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export const NOT_A_LINK = "This is not an OpenCPMS Authenticator code. Scan the QR code shown by OpenCPMS Login.";
export const NOT_A_PIN = "Your PIN code is 4 digits.";

export type AuthenticatorOptions = {
  store: DeviceStore;
  /** The command keeps keys in a file, so it needs them extractable; the app never does. */
  extractableKeys?: boolean;
  fetch?: typeof fetch;
};

/** A scanned QR code whose PIN was not yet accepted: its key pair and the server's answer. */
type Scanned = { pair: CryptoKeyPair; activated: Activated; secret: CryptoKey };

export class Authenticator {
  readonly store: DeviceStore;
  private readonly extractable: boolean;
  private readonly fetchFn: typeof fetch;
  /** By link: a mistyped PIN is typed again without scanning, since a QR code works once. */
  private readonly scanned = new Map<string, Scanned>();

  constructor(options: AuthenticatorOptions) {
    this.store = options.store;
    this.extractable = options.extractableKeys ?? false;
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
  }

  private async call<T>(server: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(`${server}${path}`, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new AuthenticatorError("OpenCPMS Login cannot be reached. Check your connection and try again.");
    }
    const answer = (await response.json().catch(() => ({}))) as { detail?: string; errors?: { field?: string; detail?: string }[] };
    if (!response.ok) {
      const [first] = answer.errors ?? [];
      throw new AuthenticatorError(answer.detail ?? first?.detail ?? `OpenCPMS Login answered ${response.status}.`, response.status, first?.field);
    }
    return answer as T;
  }

  /**
   * "Initialise": from the QR code's link (scanned or pasted) and the PIN
   * chosen in My Account. The link works once, so after a wrong PIN the same
   * link is answered with the same key and secret and only the PIN is sent
   * again (the service counts the wrong ones and locks the device).
   */
  async initialise(link: string, pin: string): Promise<StoredDevice> {
    const parsed = parseAppLink(link);
    if (parsed?.kind !== "init") throw new AuthenticatorError(NOT_A_LINK);
    if (!PIN_PATTERN.test(pin)) throw new AuthenticatorError(NOT_A_PIN);
    const scanned = this.scanned.get(link) ?? (await this.scan(parsed.server, parsed.token));
    this.scanned.set(link, scanned);
    const { activated, pair, secret } = scanned;
    const proof = await pinProof(webCryptoHmac(secret), activated.nonce, await pinHash(pin));
    const signature = await sign(pair.privateKey, activationMessage(activated.deviceId, activated.nonce, proof));
    try {
      await this.call(parsed.server, "/api/app/activate/confirm", { deviceId: activated.deviceId, pinProof: proof, signature });
    } catch (error) {
      // Only a wrong PIN leaves the activation open; anything else ends it.
      if (!(error instanceof AuthenticatorError && error.field === "pin")) this.scanned.delete(link);
      throw error;
    }
    this.scanned.delete(link);
    const device: StoredDevice = {
      server: parsed.server,
      deviceId: activated.deviceId,
      deviceName: activated.deviceName,
      account: activated.account,
      privateKey: pair.privateKey,
      secret,
      addedAt: new Date().toISOString(),
    };
    await this.store.save(device);
    return device;
  }

  /** The first use of a QR code: a new key pair, sent for the device secret and the nonce. */
  private async scan(server: string, token: string): Promise<Scanned> {
    const pair = (await crypto.subtle.generateKey(SIGNATURE_ALGORITHM, this.extractable, ["sign", "verify"])) as CryptoKeyPair;
    const publicKey = toBase64url(new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey)));
    const activated = await this.call<Activated>(server, "/api/app/activate", { token, publicKey });
    return { pair, activated, secret: await importDeviceSecret(activated.secret, this.extractable) };
  }

  /** The proof that this device asks, for a call's body: its signature over the time and purpose. */
  async deviceProof(device: StoredDevice, purpose: DevicePurpose): Promise<{ deviceId: string; at: number; signature: string }> {
    const at = Date.now();
    return { deviceId: device.deviceId, at, signature: await sign(device.privateKey, deviceMessage(device.deviceId, purpose, at)) };
  }

  /** The same proof as a query. */
  async deviceQuery(device: StoredDevice, purpose: DevicePurpose): Promise<string> {
    const { deviceId, at, signature } = await this.deviceProof(device, purpose);
    return new URLSearchParams({ device: deviceId, at: String(at), signature }).toString();
  }

  /** The options of turning on fingerprint or face: asked before the user taps "Turn on", so the phone's prompt follows the tap at once. */
  async biometricsOptions(device: StoredDevice): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.call(device.server, "/api/app/biometrics/options", await this.deviceProof(device, "biometrics-options"));
  }

  /**
   * Turns on fingerprint or face for this device: the phone makes a WebAuthn
   * credential (`platform`), and the PIN confirms it is the device's owner.
   */
  async enableBiometrics(
    device: StoredDevice,
    pin: string,
    platform: PlatformAuthenticator,
    options?: PublicKeyCredentialCreationOptionsJSON,
  ): Promise<StoredDevice> {
    if (!PIN_PATTERN.test(pin)) throw new AuthenticatorError(NOT_A_PIN);
    const creation = options ?? (await this.biometricsOptions(device));
    const response = await platform.create(creation);
    const proof = await pinProof(webCryptoHmac(device.secret), creation.challenge, await pinHash(pin));
    const signed = await this.deviceProof(device, biometricsOnPurpose(creation.challenge, response.id));
    await this.call(device.server, "/api/app/biometrics", { ...signed, pinProof: proof, response });
    const updated = { ...device, biometrics: { credentialId: response.id } };
    await this.store.save(updated);
    return updated;
  }

  /** Turns fingerprint or face off: sign-ins are approved with the PIN again. */
  async disableBiometrics(device: StoredDevice): Promise<StoredDevice> {
    await this.call(device.server, "/api/app/biometrics", await this.deviceProof(device, "biometrics-off"), "DELETE");
    return this.forgetBiometrics(device);
  }

  private async forgetBiometrics(device: StoredDevice): Promise<StoredDevice> {
    const { biometrics: _off, ...updated } = device;
    await this.store.save(updated);
    return updated;
  }

  /** Approves with fingerprint or face (turned on before): the phone signs the request's nonce with its credential. */
  async approveWithBiometrics(device: StoredDevice, request: AppRequestView, number: number | undefined, platform: PlatformAuthenticator): Promise<void> {
    if (!device.biometrics) throw new AuthenticatorError("Fingerprint or face is not turned on for this device. Approve with your PIN code.");
    const assertion = await platform.get({
      challenge: request.nonce,
      rpId: new URL(device.server).hostname,
      allowCredentials: [{ id: device.biometrics.credentialId, type: "public-key", transports: ["internal"] }],
      userVerification: "required",
      timeout: 60_000,
    });
    const message = answerMessage({ requestId: request.id, nonce: request.nonce, decision: "approve", number, userSignature: assertion.response.signature });
    const signature = await sign(device.privateKey, message);
    try {
      await this.call(device.server, `/api/app/requests/${request.id}/answer`, {
        deviceId: device.deviceId,
        decision: "approve",
        number,
        assertion,
        signature,
      });
    } catch (error) {
      // Turned off or replaced elsewhere: this copy forgets it, so the app offers to turn it on again.
      if (error instanceof AuthenticatorError && error.field === "biometrics") await this.forgetBiometrics(device);
      throw error;
    }
  }

  /** The sign-ins waiting for this device's answer. */
  async requests(device: StoredDevice): Promise<AppRequestView[]> {
    const { requests } = await this.call<{ requests: AppRequestView[] }>(device.server, `/api/app/requests?${await this.deviceQuery(device, "requests")}`);
    return requests;
  }

  /** Approves (with the number shown in the browser and the PIN) or denies a sign-in. */
  async answer(device: StoredDevice, request: AppRequestView, decision: Decision, choice: { number?: number; pin?: string } = {}): Promise<void> {
    let proof: string | undefined;
    if (decision === "approve") {
      if (!choice.pin || !PIN_PATTERN.test(choice.pin)) throw new AuthenticatorError(NOT_A_PIN);
      proof = await pinProof(webCryptoHmac(device.secret), request.nonce, await pinHash(choice.pin));
    }
    const number = decision === "approve" ? choice.number : undefined;
    const signature = await sign(device.privateKey, answerMessage({ requestId: request.id, nonce: request.nonce, decision, number, pinProof: proof }));
    await this.call(device.server, `/api/app/requests/${request.id}/answer`, { deviceId: device.deviceId, decision, number, pinProof: proof, signature });
  }

  /**
   * The Mobile App QR Code method: the 8-digit code for a sign-in's QR link,
   * computed here without the network. With several devices, those of the
   * link's server, each with its own code.
   */
  async codes(link: string, pin: string): Promise<{ device: StoredDevice; code: string }[]> {
    const parsed = parseAppLink(link);
    if (parsed?.kind !== "qr") throw new AuthenticatorError(NOT_A_LINK);
    if (!PIN_PATTERN.test(pin)) throw new AuthenticatorError(NOT_A_PIN);
    const devices = (await this.store.list()).filter((device) => device.server === parsed.server);
    if (!devices.length) throw new AuthenticatorError(`This app is not initialised for ${parsed.server}. Add it in My Account → Manage my mobile devices.`);
    const hash = await pinHash(pin);
    return Promise.all(devices.map(async (device) => ({ device, code: await qrCode(webCryptoHmac(device.secret), parsed.question, hash) })));
  }

  /**
   * Listens for sign-in requests (server-sent events on GET /api/app/events)
   * and calls `onRequests` with the waiting ones whenever they change, until
   * `signal` aborts. Reconnects after a dropped connection.
   */
  async listen(device: StoredDevice, onRequests: (requests: AppRequestView[]) => void, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const response = await this.fetchFn(`${device.server}/api/app/events?${await this.deviceQuery(device, "events")}`, {
          headers: { accept: "text/event-stream" },
          signal,
        });
        if (!response.ok || !response.body) {
          const answer = (await response.json().catch(() => ({}))) as { detail?: string };
          throw new AuthenticatorError(answer.detail ?? `OpenCPMS Login answered ${response.status}.`, response.status);
        }
        await readEvents(response.body, (event, data) => {
          if (event === "requests") onRequests((data as { requests: AppRequestView[] }).requests);
        });
      } catch (error) {
        if (signal.aborted) return;
        // A refused device (deleted, locked) will not be let in by trying again.
        if (error instanceof AuthenticatorError && error.status >= 400 && error.status < 500) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Reads a text/event-stream body, calling `onEvent` for each event with its JSON data. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: unknown) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(event, JSON.parse(data.join("\n")));
    }
  }
}
