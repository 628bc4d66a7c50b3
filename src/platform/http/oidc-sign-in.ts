/* How a service signs its users in at identity with OpenID Connect (openid-client). */
export type ClientCredentials = { clientId: string; clientSecret: string };
