/**
 * Turns what a person typed into a Lucene query for the full-text index: each word (letters and digits only, so
 * no Lucene syntax can get through) matches exactly (boosted), as a prefix (for typing ahead) and fuzzily (for
 * typos such as UNDOC for UNODC).
 */
export function luceneQuery(input: string): string | null {
  const words = (
    input
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 12);
  if (words.length === 0) return null;
  return words
    .map((w) => {
      const parts = [`${w}^4`, `${w}*^2`];
      if (w.length >= 4) parts.push(`${w}~${w.length >= 7 ? 2 : 1}`);
      return `(${parts.join(" OR ")})`;
    })
    .join(" OR ");
}
