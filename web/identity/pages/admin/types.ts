/* What the administration API answers (src/identity/admin/routes.ts). */
export type Client = {
  clientId: string;
  name: string;
  isPublic: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  acr: string;
  grantTypes: string[];
  builtIn: boolean;
  createdAt: string;
};

export type NewSecret = { client: Client; clientSecret: string | null; message: string };

export type CasService = { id: string; name: string; urlPattern: string; acr: string; createdAt: string };

export const LEVELS = ["low", "substantial", "high"] as const;
