/** Which group of an overview a benchmark opens. */

/** The group nearest `near` members (the largest when `near` is null); between equals, the lower id. */
export function groupNearest<G extends { id: number; size: number }>(groups: G[], near: number | null): G {
  if (!groups.length) throw new Error("bench: the overview has no group to open");
  const rank = (g: G) => (near === null ? -g.size : Math.abs(g.size - near));
  return [...groups].sort((a, b) => rank(a) - rank(b) || a.id - b.id)[0]!;
}
