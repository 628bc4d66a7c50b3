/*
 * Input schemas of the administration API. They bound the shape and size;
 * the registries (oidc/clients.ts, cas/services.ts) judge the values and
 * name the field that is wrong.
 */
import { Type } from "typebox";
import type { Assurance } from "../factors/factor.ts";

const Name = Type.String({ maxLength: 200, errorMessage: "Enter a name of at most 100 characters." });
const Uri = Type.String({ maxLength: 2000, errorMessage: "An address must be at most 2000 characters long." });
const Uris = Type.Array(Uri, { maxItems: 20, errorMessage: "Register at most 20 addresses." });
const Acr = Type.Unsafe<Assurance>({
  type: "string",
  enum: ["low", "substantial", "high"],
  errorMessage: "Choose the level of assurance: low, substantial or high.",
});

export const NewClientBody = Type.Object(
  {
    name: Name,
    redirectUris: Uris,
    postLogoutRedirectUris: Type.Optional(Uris),
    backchannelLogoutUri: Type.Optional(Uri),
    acr: Type.Optional(Acr),
    public: Type.Optional(Type.Boolean()),
    clientCredentials: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ClientParams = Type.Object({
  clientId: Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$", errorMessage: "Not found or no access." }),
});

export const NewCasServiceBody = Type.Object(
  {
    name: Name,
    urlPattern: Type.String({ maxLength: 2000, errorMessage: "A URL pattern must be at most 2000 characters long." }),
    acr: Type.Optional(Acr),
  },
  { additionalProperties: false },
);

export const CasServiceParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
