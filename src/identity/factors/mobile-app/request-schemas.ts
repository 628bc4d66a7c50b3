/* Input schemas of the sign-in request endpoints (the app's and the waiting browser's): the contract, the validation and the types. */
import { Type } from "typebox";

const Base64url = (maxLength: number, errorMessage: string) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$", errorMessage });

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
    signature: Base64url(200, "This answer is not signed by your device. Initialise the app again."),
  },
  { additionalProperties: false },
);
