/* What the mobile phone pages share: a number as the API lists it, and the protected-action runner. */
export type Phone = { id: string; number: string; masked: string; isVerified: boolean; verifiedAt: string | null; createdAt: string };

/** useProtectedAction().run: asks for the password again when the server wants a recent sign-in. */
export type RunProtected = <T>(action: () => Promise<T>) => Promise<T>;
