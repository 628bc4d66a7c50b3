/* "0000 Guest Access": in every ERN and country, for users whose centre is not a member; its code is reserved. */
export const GUEST_ACCESS = { code: "0000", name: "Guest Access" } as const;
