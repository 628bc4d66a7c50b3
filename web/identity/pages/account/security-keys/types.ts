/* A security key as GET /api/account/security-keys lists it, and the protected-action runner the page passes down. */
export type Key = { id: string; name: string; createdAt: string; lastUsedAt: string | null; isSynced: boolean };

export type RunProtected = <T>(action: () => Promise<T>) => Promise<T>;
