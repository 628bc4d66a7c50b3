/* What the authenticator-app endpoints answer, as the pages use it. */
export type AuthenticatorApp = { id: string; name: string; createdAt: string; confirmedAt: string | null; lastUsedAt: string | null };

/** Answer of "Add an authenticator app": shown once, while the app is set up. */
export type NewApp = { id: string; name: string; uri: string; secret: string; qrCode: string };
