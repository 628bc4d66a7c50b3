/* Input schemas of the sign-in request endpoints (the app's and the waiting browser's): the contract, the validation and the types. */
import { Type } from "typebox";

const Base64url = (maxLength: number, errorMessage: string) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$", errorMessage });

const SIGNED_BY_DEVICE = "This answer is not signed by your device. Initialise the app again.";

/** A WebAuthn answer as PublicKeyCredential.toJSON() gives it (the verifier reads the rest). */
const WebAuthnAnswer = (errorMessage: string) =>
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 1400, pattern: "^[A-Za-z0-9_-]+$" }),
      rawId: Type.String({ maxLength: 1400 }),
      type: Type.Literal("public-key"),
      response: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }),
    },
    { additionalProperties: true, maxProperties: 10, errorMessage },
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
    assertion: Type.Optional(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 1400, pattern: "^[A-Za-z0-9_-]+$" }),
          rawId: Type.String({ maxLength: 1400 }),
          type: Type.Literal("public-key"),
          response: Type.Object(
            {
              clientDataJSON: Type.String({ maxLength: 4000 }),
              authenticatorData: Type.String({ maxLength: 4000 }),
              signature: Type.String({ maxLength: 2000 }),
              userHandle: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          clientExtensionResults: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }),
          authenticatorAttachment: Type.Optional(Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")])),
        },
        { additionalProperties: false, errorMessage: "The answer of your fingerprint or face could not be read. Please try again." },
      ),
    ),
    signature: Base64url(200, SIGNED_BY_DEVICE),
  },
  { additionalProperties: false },
);

/** The device's own proof (deviceMessage): its id, the time signed, its signature. */
const DeviceProof = {
  deviceId: Type.String({ maxLength: 100 }),
  at: Type.Integer({ minimum: 0 }),
  signature: Base64url(200, SIGNED_BY_DEVICE),
};

export const DeviceProofBody = Type.Object(DeviceProof, { additionalProperties: false });

/** protocol.ts EnableBiometricsBody. */
export const EnableBiometricsBody = Type.Object(
  {
    ...DeviceProof,
    pinProof: Base64url(100, "Type your PIN code."),
    response: WebAuthnAnswer("The answer of your phone is missing. Please try again."),
  },
  { additionalProperties: false },
);
