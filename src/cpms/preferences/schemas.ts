/* Input schemas of the preferences and thematic-area routes: they bound shape and size; the domain functions judge the values. */
import { Type } from "typebox";
import type { PreferencesInput } from "./contract.ts";

export const ErnParams = Type.Object({ ern: Type.String({ minLength: 1, maxLength: 64, errorMessage: "Name an ERN by its code, e.g. EURACAN." }) });

export const AreaParams = Type.Object({
  ern: Type.String({ minLength: 1, maxLength: 64, errorMessage: "Name an ERN by its code, e.g. EURACAN." }),
  id: Type.String({ maxLength: 64 }),
});

export const PreferencesBody = Type.Unsafe<PreferencesInput>(
  Type.Object(
    {
      professionalRole: Type.String({ minLength: 1, maxLength: 100, errorMessage: "Choose your professional role from the list." }),
      otherRole: Type.Optional(
        Type.Union([Type.String({ maxLength: 100, errorMessage: "Keep your professional role to at most 100 characters." }), Type.Null()]),
      ),
      areaIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200, errorMessage: "Choose at most 200 thematic areas." }),
    },
    { additionalProperties: false },
  ),
);

export const AreaNameBody = Type.Object(
  { name: Type.String({ maxLength: 300, errorMessage: "A thematic area's name has 2 to 300 characters." }) },
  { additionalProperties: false },
);

export const AreasQuery = Type.Object({ includeRetired: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
