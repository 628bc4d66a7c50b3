/* The list's search and filters, kept in the page's address (so a list can be bookmarked, and Back returns to it). */
export type ListFilters = {
  ern: string;
  q: string;
  /** "ORPHA:558" or an ICD-10 code, with its label for the chip. */
  diagnosis: string;
  diagnosisLabel: string;
  /** "HP:0001250", with its label. */
  phenotype: string;
  phenotypeLabel: string;
  provider: string;
  from: string;
  to: string;
  page: number;
};

const KEYS = ["ern", "q", "diagnosis", "diagnosisLabel", "phenotype", "phenotypeLabel", "provider", "from", "to"] as const;

export function filtersFrom(params: URLSearchParams): ListFilters {
  const filters = Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? ""])) as Omit<ListFilters, "page">;
  return { ...filters, page: Math.max(1, Number(params.get("page")) || 1) };
}

export function paramsOf(filters: ListFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of KEYS) if (filters[key]) params[key] = filters[key];
  if (filters.page > 1) params.page = String(filters.page);
  return params;
}

/** The API's query: labels stay in the page. */
export function listUrl(filters: ListFilters): string {
  const query = new URLSearchParams({ ern: filters.ern, page: String(filters.page) });
  if (filters.q.trim()) query.set("q", filters.q.trim());
  if (filters.diagnosis) query.set("diagnosis", filters.diagnosis);
  if (filters.phenotype) query.set("phenotype", filters.phenotype);
  if (filters.provider) query.set("hcp", filters.provider);
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  return `/api/patients?${query}`;
}
