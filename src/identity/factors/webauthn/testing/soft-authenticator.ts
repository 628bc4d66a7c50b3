/*
 * A software authenticator for tests: it answers WebAuthn options the way a
 * browser and a key would, with real P-256 (ES256) keys from node:crypto,
 * "none" attestation, and CBOR from the verifier's own helper, so tests
 * exercise the real verification. Every answer can be bent (another origin,
 * no user verification, a forced credential) to test refusals.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

type Credential = { id: string; privateKey: KeyObject; counter: number; userHandle: string };

export type Bend = { origin?: string; isUserVerified?: boolean; challenge?: string; credentialId?: string };

const b64url = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
type Cbor = Parameters<typeof isoCBOR.encode>[0];
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());

function uint32(n: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n);
  return bytes;
}

export class SoftAuthenticator {
  readonly origin: string;
  readonly attachment: "platform" | "cross-platform";
  readonly transports: string[];
  readonly credentials: Credential[] = [];

  constructor(
    origin: string,
    kind: { attachment: "platform" | "cross-platform"; transports: string[] } = { attachment: "platform", transports: ["internal"] },
  ) {
    this.origin = origin;
    this.attachment = kind.attachment;
    this.transports = kind.transports;
  }

  private clientData(type: string, challenge: string, bend: Bend): string {
    return b64url(
      new TextEncoder().encode(JSON.stringify({ type, challenge: bend.challenge ?? challenge, origin: bend.origin ?? this.origin, crossOrigin: false })),
    );
  }

  private flags(bend: Bend, extra = 0): number {
    return FLAG_UP | (bend.isUserVerified === false ? 0 : FLAG_UV) | extra;
  }

  /** navigator.credentials.create(): a new ES256 key pair for this RP and user. */
  create(options: PublicKeyCredentialCreationOptionsJSON, bend: Bend = {}): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(String(jwk.x))],
      [-3, isoBase64URL.toBuffer(String(jwk.y))],
    ]);
    const rawId = new Uint8Array(randomBytes(32));
    const idLength = new Uint8Array([rawId.length >> 8, rawId.length & 0xff]);
    const authData = new Uint8Array([
      ...sha256(options.rp.id ?? new URL(this.origin).hostname),
      this.flags(bend, FLAG_AT),
      ...uint32(0),
      ...new Uint8Array(16), // AAGUID: none
      ...idLength,
      ...rawId,
      ...isoCBOR.encode(coseKey),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const id = b64url(rawId);
    this.credentials.push({ id, privateKey, counter: 0, userHandle: options.user.id });
    return {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData("webauthn.create", options.challenge, bend),
        attestationObject: b64url(attestationObject),
        transports: this.transports as RegistrationResponseJSON["response"]["transports"],
      },
    };
  }

  /** navigator.credentials.get(): signs the challenge with the first allowed key it holds (or the one forced). */
  get(options: PublicKeyCredentialRequestOptionsJSON, bend: Bend = {}): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential = this.credentials.find((c) => (bend.credentialId ? c.id === bend.credentialId : !allowed || allowed.includes(c.id)));
    if (!credential) throw new Error("NotAllowedError: no credential of this authenticator is allowed");
    credential.counter++;
    const authenticatorData = new Uint8Array([...sha256(options.rpId ?? new URL(this.origin).hostname), this.flags(bend), ...uint32(credential.counter)]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, bend);
    const signature = sign("sha256", new Uint8Array([...authenticatorData, ...sha256(isoBase64URL.toBuffer(clientDataJSON))]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authenticatorData),
        signature: b64url(new Uint8Array(signature)),
        userHandle: credential.userHandle,
      },
    };
  }
}
