/* A security key as GET /api/account/security-keys lists it. */
export type Key = { id: string; name: string; createdAt: string; lastUsedAt: string | null; isSynced: boolean };
