/* Input schemas of the sign-in request endpoints (the app's and the waiting browser's): the contract, the validation and the types. */
import { Type } from "typebox";

const Base64url = (maxLength: number, errorMessage: string) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$", errorMessage });

const SIGNED_BY_DEVICE = "This answer is not signed by your device. Initialise the app again.";

const B64url = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+={0,2}$" });
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

/** The parts every WebAuthn answer has, as PublicKeyCredential.toJSON() (or @simplewebauthn/browser) gives them. */
const credentialParts = {
  id: B64url(1400),
  rawId: B64url(1400),
  type: Type.Literal("public-key"),
  clientExtensionResults: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")])),
};

/** A new credential (navigator.credentials.create()). */
const RegistrationAnswer = Type.Object(
  {
    ...credentialParts,
    response: Type.Object(
      {
        clientDataJSON: B64url(4000),
        attestationObject: B64url(8000),
        authenticatorData: Type.Optional(B64url(8000)),
        transports: Type.Optional(Type.Array(Type.Union(TRANSPORTS.map((transport) => Type.Literal(transport))), { maxItems: 8 })),
        publicKey: Type.Optional(B64url(2000)),
        publicKeyAlgorithm: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, errorMessage: "The answer of your phone could not be read. Please try again." },
);

/** An assertion (navigator.credentials.get()). */
const AssertionAnswer = Type.Object(
  {
    ...credentialParts,
    response: Type.Object(
      {
        clientDataJSON: B64url(4000),
        authenticatorData: B64url(4000),
        signature: B64url(2000),
        userHandle: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, errorMessage: "The answer of your fingerprint or face could not be read. Please try again." },
);

/** How a device proves it asks (protocol.ts deviceMessage): its id, the time, its signature. */
export const DeviceQuery = Type.Object({
  device: Type.Optional(Type.String({ maxLength: 100 })),
  at: Type.Optional(Type.String({ maxLength: 20 })),
  signature: Type.Optional(Type.String({ maxLength: 200 })),
});

export const RequestParams = Type.Object({ id: Type.String({ format: "uuid", errorMessage: "Not found or no access." }) });

/** protocol.ts AnswerBody (the routes pass the parsed body where that type is expected, so the two stay one contract). */
export const AnswerBody = Type.Object(
  {
    deviceId: Type.String({ maxLength: 100 }),
    decision: Type.Union([Type.Literal("approve"), Type.Literal("deny")], { errorMessage: "Approve or deny the sign-in." }),
    number: Type.Optional(Type.Integer({ minimum: 10, maximum: 99, errorMessage: "Pick the number shown in your browser." })),
    pinProof: Type.Optional(Base64url(100, "Type your PIN code.")),
    assertion: Type.Optional(AssertionAnswer),
    signature: Base64url(200, SIGNED_BY_DEVICE),
  },
  { additionalProperties: false },
);

/** The device's own proof in a call's body (deviceMessage): its id, the time signed (ms since 1970), its signature. */
export const DeviceProof = {
  deviceId: Type.String({ maxLength: 36 }),
  at: Type.Integer({ minimum: 0 }),
  signature: Base64url(200, SIGNED_BY_DEVICE),
};

export const DeviceProofBody = Type.Object(DeviceProof, { additionalProperties: false });

/** protocol.ts EnableBiometricsBody. */
export const EnableBiometricsBody = Type.Object(
  {
    ...DeviceProof,
    pinProof: Base64url(100, "Type your PIN code."),
    response: RegistrationAnswer,
  },
  { additionalProperties: false },
);
