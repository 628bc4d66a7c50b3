/* What the mobile phone pages share: a number as the API lists it. */
export type Phone = { id: string; number: string; masked: string; isVerified: boolean; verifiedAt: string | null; createdAt: string };
