/*
 * What the preferences and thematic-area routes answer, shared with the
 * web pages (types only). Errors are problem+json with `errors[]` per field.
 */

/** The choices of "My professional role:", "other" with its own text. */
export const PROFESSIONAL_ROLES = [
  "Radiologist",
  "Oncologist",
  "Anapathologist",
  "Surgeon",
  "Geneticist",
  "Paediatrician",
  "Neurologist",
  "Cardiologist",
  "Dermatologist",
  "Endocrinologist",
  "Gastroenterologist",
  "Haematologist",
  "Hepatologist",
  "Immunologist",
  "Nephrologist",
  "Ophthalmologist",
  "Pulmonologist",
  "Radiation oncologist",
  "Rheumatologist",
  "Urologist",
  "Gynaecologist",
  "Clinical nurse specialist",
  "Psychologist",
  "Other",
] as const;
export type ProfessionalRole = (typeof PROFESSIONAL_ROLES)[number];

export type ThematicArea = { id: string; name: string; retiredAt: string | null };

/** GET /api/erns/:ern/preferences */
export type PreferencesView = {
  ern: { code: string; name: string };
  user: { name: string };
  /** The ERN's offered thematic areas, in their order. */
  areas: ThematicArea[];
  /** null until the user has set their preferences in this ERN. */
  preferences: { professionalRole: ProfessionalRole; otherRole: string | null; areaIds: string[]; savedAt: string } | null;
};

/** PUT /api/erns/:ern/preferences */
export type PreferencesInput = { professionalRole: ProfessionalRole; otherRole?: string | null; areaIds: string[] };

/** GET /api/erns/:ern/thematic-areas: offered ones first, retired ones too (for coordinators' page). */
export type ThematicAreasView = { ern: { code: string; name: string }; canMaintain: boolean; areas: ThematicArea[] };
