/* What GET /api/patients answers (the list of one ERN). */
export type ListProvider = { id: string; code: string; name: string };
export type PatientRow = {
  id: string;
  pseudonym: string;
  provider: ListProvider;
  enrolledAt: string;
  diagnoses: { code: string; label?: string }[];
  reason: string;
};
export type PatientList = { rows: PatientRow[]; total: number; page: number; perPage: number; providers: ListProvider[] };

export const providerLabel = (provider: ListProvider) => `${provider.code} - ${provider.name}`;
