/*
 * Input schemas of "Manage my mobile devices" and of the app's
 * initialisation: the contract, the first validation and the types. The
 * rules a person needs explained (name length, PIN shape and strength) are
 * checked in devices.ts, so that every wrong field is named at once.
 */
import { Type } from "typebox";
import { NOT_A_PIN } from "./authenticator.ts";

export const NO_NAME = "Please give your device a name.";

const name = Type.String({ maxLength: 200, errorMessage: NO_NAME });
const pin = Type.String({ maxLength: 20, errorMessage: NOT_A_PIN });
const base64url = (maxLength: number, errorMessage: string) => Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]+$", errorMessage });

export const AddDeviceBody = Type.Object({ name, pin, pinConfirmation: pin }, { additionalProperties: false });

export const RenameDeviceBody = Type.Object({ name }, { additionalProperties: false });

export const DeviceParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ActivateBody = Type.Object(
  {
    token: base64url(100, "This is not an OpenCPMS Authenticator code. Scan the QR code shown by OpenCPMS Login."),
    publicKey: base64url(1000, "The app's key is not a P-256 public key."),
  },
  { additionalProperties: false },
);

export const ConfirmActivationBody = Type.Object(
  {
    deviceId: Type.String({ maxLength: 100 }),
    pinProof: base64url(100, "The PIN proof is not valid."),
    signature: base64url(200, "The signature is not valid."),
  },
  { additionalProperties: false },
);
