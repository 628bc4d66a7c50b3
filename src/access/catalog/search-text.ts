/*
 * What the wizard's "Search:" box compares: lower case without accents, so
 * "leon berard" finds "Centre Léon Bérard". Providers keep it in
 * `search_text` (code, name and city); a query is normalised the same way.
 */
export function normaliseForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export function providerSearchText(provider: { code: string; name: string; city?: string | null }): string {
  return normaliseForSearch([provider.code, provider.name, provider.city ?? ""].join(" ").trim());
}
