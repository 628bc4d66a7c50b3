/*
 * What term searches compare: lower case without accents, so "sjogren"
 * finds "Sjögren syndrome". `labelKey` is the whole label normalised (label
 * prefix searches); `searchText` is the words of the label and synonyms,
 * letters and digits only, each preceded by a space and the whole ending
 * with one (" ehlers danlos syndrome eds "), so "% danl%" finds a word
 * starting with "danl". A query is cut into words the same way.
 */
export function normalise(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export function wordsOf(text: string): string[] {
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function labelKey(label: string): string {
  return normalise(label).trim();
}

export function searchText(label: string, synonyms: readonly string[]): string {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const word of [label, ...synonyms].flatMap(wordsOf)) {
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return ` ${words.join(" ")} `;
}
