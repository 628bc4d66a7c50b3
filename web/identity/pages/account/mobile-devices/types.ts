/* A mobile device as "Manage my mobile devices" lists and adds it. */
export type DeviceStatus = "pending" | "active" | "locked";

export type MobileDevice = {
  id: string;
  name: string;
  status: DeviceStatus;
  createdAt: string;
  activatedAt: string | null;
  lastUsedAt: string | null;
  lockedAt: string | null;
  /** Sign-ins may be approved with the phone's fingerprint or face. */
  biometrics: boolean;
};

/** Answer of "Add a mobile device": the link its QR code holds, shown once, until `expiresAt`. */
export type NewDevice = { id: string; name: string; link: string; expiresAt: string };

/** What the device's status stream says while its QR code is shown. */
export type DeviceState = DeviceStatus | "expired" | "deleted";
