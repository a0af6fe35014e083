/**
 * The communities route's summaries (server/features/analytics/routes.ts `summarise`): the same sizes, sector mixes
 * and top actors as sorting each community's members by degree, ties in the assignment's order.
 */
import { describe, expect, it } from "vitest";
import { summarise } from "../../server/features/analytics/routes.ts";
import type { NodeInfo } from "../../server/features/analytics/service.ts";
import { prng } from "../../shared/random.ts";

/** The summaries as a full sort of each community's members gives them. */
function bySorting(
  assignment: Record<string, number>,
  degrees: Record<string, number>,
  info: (id: string) => NodeInfo,
) {
  const groups = new Map<number, string[]>();
  for (const [id, c] of Object.entries(assignment)) (groups.get(c) ?? groups.set(c, []).get(c)!).push(id);
  return [...groups.entries()]
    .map(([id, members]) => {
      const sectors: Record<string, number> = {};
      for (const m of members) {
        const s = info(m).entity === "Partnership" ? "Partnership" : (info(m).sector ?? "Other");
        sectors[s] = (sectors[s] ?? 0) + 1;
      }
      const top = [...members]
        .sort((a, b) => (degrees[b] ?? 0) - (degrees[a] ?? 0))
        .slice(0, 5)
        .map((m) => info(m).name);
      return { id, size: members.length, label: top.slice(0, 2).join(" · "), sectors, ei: null, top };
    })
    .sort((a, b) => b.size - a.size);
}

describe("community summaries", () => {
  it("equal a full sort of each community's members, on networks with many equal degrees", () => {
    for (const seed of [1, 2, 3]) {
      const rand = prng(seed);
      const assignment: Record<string, number> = {};
      const degrees: Record<string, number> = {};
      const sectors = ["NGO", "Government", null];
      const infos = new Map<string, NodeInfo>();
      for (let i = 0; i < 2_000; i++) {
        const id = `n${i}`;
        assignment[id] = Math.floor(rand() * 40);
        // Few distinct degrees (and some missing): ties everywhere.
        if (rand() < 0.9) degrees[id] = Math.floor(rand() * 6);
        infos.set(id, {
          id,
          name: `Name ${i}`,
          sector: sectors[i % 3]!,
          entity: i % 7 === 0 ? "Partnership" : "Actor",
        });
      }
      const info = (id: string) => infos.get(id)!;
      expect(summarise(assignment, degrees, info)).toEqual(bySorting(assignment, degrees, info));
    }
  });
  it("carries each community's E-I index", () => {
    const info = (id: string): NodeInfo => ({ id, name: id, sector: "NGO", entity: "Actor" });
    const [first] = summarise({ a: 0, b: 0 }, { a: 1, b: 2 }, info, { "0": -0.5 });
    expect(first).toEqual({ id: 0, size: 2, label: "b · a", sectors: { NGO: 2 }, ei: -0.5, top: ["b", "a"] });
  });
});
