/**
 * A synthetic cross-sector network for scale tests, in the curated dataset's model: sectors and regions in
 * realistic proportions, heavy-tailed degrees (a few hubs, many small actors), partnerships with many members,
 * funders with many grantees, and community structure (most ties stay within a region-and-issue cluster).
 * Deterministic for a given seed. Never loaded next to the curated data: it goes to its own database.
 */
import type { Country, Dataset, Entity, Relationship } from "./dataset.ts";
import { relKey, type RelType, type Sector } from "../shared/model.ts";
import { prng } from "../shared/random.ts";

export { prng };

/** Picks from weighted choices with a prebuilt cumulative table (binary search). */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  constructor(
    private readonly items: T[],
    weights: number[],
  ) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
  }
  pick(rand: () => number): T {
    const x = rand() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

const SECTOR_MIX: [Sector, number][] = [
  ["NGO", 38],
  ["Government", 16],
  ["Corporate", 12],
  ["Academic", 8],
  ["Funder", 7],
  ["LawEnforcement", 6],
  ["FaithBased", 5],
  ["IGO", 3],
  ["Media", 3],
  ["Other", 2],
];
const REL_MIX: [RelType, number][] = [
  ["MEMBER_OF", 42],
  ["PARTNERS_WITH", 26],
  ["FUNDS", 16],
  ["PART_OF", 8],
  ["COORDINATES", 6],
  ["HOSTS", 2],
];
const KINDS = ["network", "coalition", "ppp", "task-force", "referral-mechanism", "programme", "initiative"];
const WITHIN_CLUSTER = 0.8;

export interface SyntheticOptions {
  actors: number;
  relationships: number;
  seed: number;
  countries: Country[];
  issues: string[];
}

/** Generates the dataset; partnerships are about a twentieth of the actors and come on top of them. */
export function generate(opts: SyntheticOptions): Dataset {
  const rand = prng(opts.seed);
  const int = (n: number) => Math.floor(rand() * n);
  // Pareto(alpha = 1.6) attractiveness gives the heavy tail.
  const pareto = () => Math.pow(1 - rand(), -1 / 1.6);
  const sectors = new Weighted(
    SECTOR_MIX.map(([s]) => s),
    SECTOR_MIX.map(([, w]) => w),
  );
  const relTypes = new Weighted(
    REL_MIX.map(([t]) => t),
    REL_MIX.map(([, w]) => w),
  );
  const regions = [...new Set(opts.countries.map((c) => c.region))].sort();
  const countriesIn = new Map(regions.map((r) => [r, opts.countries.filter((c) => c.region === r)]));
  const regionWeights = new Weighted(
    regions,
    regions.map((r) => countriesIn.get(r)!.length),
  );
  const clusterOf = (region: string, issue: string) => `${region}/${issue}`;

  const entities: Entity[] = [];
  const attractiveness: number[] = [];
  const cluster: string[] = [];
  const partnershipsCount = Math.max(1, Math.round(opts.actors / 20));
  const total = opts.actors + partnershipsCount;
  for (let i = 0; i < total; i++) {
    const isPartnership = i >= opts.actors;
    const region = regionWeights.pick(rand);
    const pool = countriesIn.get(region)!;
    const country = pool[int(pool.length)]!.id;
    const issue = opts.issues[int(opts.issues.length)]!;
    const id = isPartnership ? `syn-p${i - opts.actors}` : `syn-a${i}`;
    const sector = isPartnership ? null : sectors.pick(rand);
    entities.push({
      kind: isPartnership ? "Partnership" : "Actor",
      id,
      name: isPartnership ? `Synthetic ${KINDS[i % KINDS.length]} ${i - opts.actors}` : `Synthetic ${sector} ${i}`,
      acronym: null,
      aliases: [],
      sector,
      roles: sector === "Funder" ? ["Organization", "Funder"] : sector === "Government" ? ["Government"] : [],
      partnershipKind: isPartnership ? KINDS[i % KINDS.length]! : null,
      country,
      founded: 1950 + int(75),
      website: null,
      description: null,
      issues: [issue],
      operatesIn: [country],
      sources: [`https://synthetic.example.org/${id}`],
      sourceTitles: [],
      secondary: null,
      retrieved: "2026-11-24",
      at: "synthetic",
    });
    attractiveness.push(pareto() * (isPartnership ? 8 : 1));
    cluster.push(clusterOf(region, issue));
  }

  // Candidate pools, each weighted by attractiveness: global and per cluster.
  const indexesBy = (pred: (e: Entity) => boolean) => entities.flatMap((e, i) => (pred(e) ? [i] : []));
  const pool = (idx: number[]) =>
    new Weighted(
      idx,
      idx.map((i) => attractiveness[i]!),
    );
  const groupBy = (idx: number[]) => {
    const m = new Map<string, number[]>();
    for (const i of idx) (m.get(cluster[i]!) ?? m.set(cluster[i]!, []).get(cluster[i]!)!).push(i);
    return new Map([...m].map(([k, v]) => [k, pool(v)]));
  };
  const actorsIdx = indexesBy((e) => e.kind === "Actor");
  const partnershipsIdx = indexesBy((e) => e.kind === "Partnership");
  const fundersIdx = indexesBy((e) => e.sector === "Funder");
  const govIdx = indexesBy((e) => e.sector === "Government");
  const pools = {
    actors: { all: pool(actorsIdx), byCluster: groupBy(actorsIdx) },
    partnerships: { all: pool(partnershipsIdx), byCluster: groupBy(partnershipsIdx) },
    funders: { all: pool(fundersIdx.length ? fundersIdx : actorsIdx), byCluster: groupBy(fundersIdx) },
    governments: { all: pool(govIdx.length ? govIdx : actorsIdx), byCluster: groupBy(govIdx) },
  };
  type Pool = (typeof pools)["actors"];
  const near = (p: Pool, i: number) => {
    const local = rand() < WITHIN_CLUSTER ? p.byCluster.get(cluster[i]!) : undefined;
    return (local ?? p.all).pick(rand);
  };

  const seen = new Set<string>();
  const relationships: Relationship[] = [];
  let attempts = 0;
  while (relationships.length < opts.relationships && attempts < opts.relationships * 5) {
    attempts++;
    const type = relTypes.pick(rand);
    let s: number;
    let t: number;
    switch (type) {
      case "FUNDS":
        s = pools.funders.all.pick(rand);
        t = rand() < 0.8 ? near(pools.actors, s) : near(pools.partnerships, s);
        break;
      case "MEMBER_OF":
      case "COORDINATES":
      case "HOSTS":
        s = actorsIdx[int(actorsIdx.length)]!;
        t = near(pools.partnerships, s);
        break;
      case "PART_OF":
        s = actorsIdx[int(actorsIdx.length)]!;
        t = near(pools.governments, s);
        break;
      default:
        s = actorsIdx[int(actorsIdx.length)]!;
        t = near(pools.actors, s);
    }
    if (s === t) continue;
    const source = entities[s]!.id;
    const target = entities[t]!.id;
    const key = relKey(type, source, target);
    if (seen.has(key)) continue;
    seen.add(key);
    const since = 1995 + int(30);
    relationships.push({
      type,
      source,
      target,
      role: type === "MEMBER_OF" ? "member" : null,
      since,
      until: rand() < 0.15 ? Math.min(2025, since + 1 + int(10)) : null,
      amount: type === "FUNDS" && rand() < 0.3 ? 10_000 * (1 + int(500)) : null,
      currency: null,
      sources: [`https://synthetic.example.org/r/${relationships.length}`],
      sourceTitles: [],
      secondary: null,
      retrieved: "2026-11-24",
      at: "synthetic",
    });
    if (relationships.at(-1)!.amount !== null) relationships.at(-1)!.currency = "USD";
  }
  return {
    name: `Synthetic network (seed ${opts.seed})`,
    version: `synthetic-${opts.actors}-${opts.relationships}-${opts.seed}`,
    countries: opts.countries,
    issues: [],
    entities,
    relationships,
  };
}
