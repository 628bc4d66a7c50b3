/*
 * What term searches compare: lower case without accents, so "sjogren"
 * finds "Sjögren syndrome". `labelKey` is the whole label normalised (label
 * prefix searches); `searchText` is the words of the label, letters and
 * digits only, then those of the synonyms after a "|", each word once
 * (" ehlers danlos syndrome | eds "): the database turns it into the
 * text-search vector a word prefix is found in, and tells label words from
 * synonym words for ranking. A query is cut into words the same way.
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
  const seen = new Set<string>();
  const unseen = (words: string[]) =>
    words.filter((word) => {
      if (seen.has(word)) return false;
      seen.add(word);
      return true;
    });
  const labelWords = unseen(wordsOf(label));
  const synonymWords = unseen(synonyms.flatMap(wordsOf));
  return ` ${[...labelWords, "|", ...synonymWords].join(" ")} `;
}
