/**
 * The analysis view, computed for the view on screen (its filters and ego focus, shared/view-scope.ts): the
 * network's figures, a ranking for the chosen centrality as bars, the communities with their sector mix, the
 * sector mixing matrix as a heat map and the top brokers. Each measure is explained in one line with its
 * reference, and every table downloads as CSV. Rows link back to the graph.
 */
import { html, render, table, type Html } from "../html.ts";
import { api } from "../api.ts";
import { downloadCsv, type CsvTable } from "../csv-file.ts";
import { PARTNERSHIP_COLOR, SECTOR_COLORS, SECTOR_LABELS } from "../../../shared/palette.ts";
import type { Filters } from "../../../shared/filters.ts";
import { describeView, viewQuery } from "../../../shared/view-scope.ts";
import { bar, heatStyle, stackedBar } from "./charts.ts";

const fmt = (v: unknown) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v ?? "");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const label = (s: string) => SECTOR_LABELS[s as keyof typeof SECTOR_LABELS] ?? s;
const colour = (s: string) => SECTOR_COLORS[s as keyof typeof SECTOR_COLORS] ?? PARTNERSHIP_COLOR;

/** What each ranking measures, in one line, with its reference. */
export const MEASURES: Record<string, string> = {
  degree: "Degree: the number of ties an actor has (Freeman 1978).",
  pagerank:
    "PageRank: an actor is central when central actors are tied to it; the share of time a random walk spends there (Brin & Page 1998).",
  betweenness:
    "Betweenness: how many shortest paths between other actors pass through this one (Freeman 1977), computed with Brandes' algorithm (2001).",
  closeness:
    "Closeness: how few steps this actor needs, on average, to reach the others in its component (Freeman 1978).",
  eigenvector: "Eigenvector centrality: ties to actors that are themselves well tied count more (Bonacich 1972).",
};

export interface AnalysisDeps {
  /** The ranking's measure. */
  metric: string;
  /** The view's filters, ego focus included. */
  filters: Filters;
  /** An actor's display name by id (for the focus). */
  name: (id: string) => string;
  /** Opens the graph on an actor. */
  open: (id: string) => void;
}

/** The request in flight: an answer for an older view is dropped when a newer one was asked for. */
let generation = 0;

export async function renderAnalysis(root: HTMLElement, deps: AnalysisDeps): Promise<void> {
  const mine = ++generation;
  const { metric, filters } = deps;
  const scope = viewQuery(filters);
  const described = describeView(filters, deps.name);
  root.dataset.scope = scope;
  root.dataset.ready = "false";
  render(root, html`<p class="analysis-scope">Computing the analysis of ${described}…</p>`);
  const q = scope ? `&${scope}` : "";
  const [summary, ranking, communities, sectors, brokers] = await Promise.all([
    api.summary(q),
    api.centrality(metric, q),
    api.communities(q),
    api.sectors(q),
    api.brokerage(q),
  ]);
  if (mine !== generation) return;

  const sectorOf = (r: { sector?: string | null; entity?: string }) =>
    r.entity === "Partnership" ? "Partnership" : label(r.sector ?? "Other");
  const tables: Record<string, CsvTable> = {};

  // Ranking: the top 25 as bars; the CSV holds every ranked actor.
  const ranked = ranking.results;
  const top = ranked.slice(0, 25);
  const maxValue = Math.max(0, ...top.map((r) => r.value));
  tables.ranking = {
    headers: ["rank", "id", "name", "sector", metric],
    rows: ranked.map((r) => [r.rank, r.id, r.name, sectorOf(r), r.value]),
  };

  // Communities of more than one member, with their sector mix.
  const groups = communities.communities.filter((c) => c.size > 1);
  const kinds = [...new Set(groups.flatMap((c) => Object.keys(c.sectors)))].sort();
  tables.communities = {
    headers: ["community", "label", "size", ...kinds.map(label)],
    rows: groups.map((c) => [c.id, c.label, c.size, ...kinds.map((k) => c.sectors[k] ?? 0)]),
  };

  // Sector mixing: ties between each pair of sectors.
  const sectorKeys = Object.keys(sectors.mixing).sort();
  const maxMix = Math.max(1, ...sectorKeys.flatMap((a) => sectorKeys.map((b) => sectors.mixing[a]?.[b] ?? 0)));
  tables.mixing = {
    headers: ["sector", ...sectorKeys.map(label), "E-I index"],
    rows: sectorKeys.map((a) => [
      label(a),
      ...sectorKeys.map((b) => sectors.mixing[a]?.[b] ?? 0),
      sectors.ei.byGroup[a] ?? null,
    ]),
  };

  const ROLES = ["coordinator", "consultant", "gatekeeper", "representative", "liaison"] as const;
  tables.brokers = {
    headers: ["id", "name", "sector", ...ROLES, "constraint"],
    rows: brokers.results.map((r) => [r.id, r.name, sectorOf(r), ...ROLES.map((k) => r[k]), r.constraint]),
  };

  const csv = (name: string, text = "Download CSV") =>
    html`<button type="button" class="csv-download" data-table="${name}">${text}</button>`;
  const legend = (keys: string[]) =>
    html`<p class="stack-legend">
      ${keys.map((k) => html`<span><i style="background:${colour(k)}"></i>${label(k)}</span>`)}
    </p>`;
  const mixCell = (a: string, b: string): Html => {
    const v = sectors.mixing[a]?.[b] ?? 0;
    return html`<td style="${heatStyle(v, maxMix)}" title="${label(a)} – ${label(b)}: ${v} ties">${v}</td>`;
  };

  render(
    root,
    html`<p class="analysis-scope" id="analysis-scope">
        Analysis of <strong>${described}</strong>:
        <span id="analysis-count" data-nodes="${summary.nodes}">${summary.nodes}</span> actors and partnerships. It
        follows the filters and the ego focus; change them and it is computed again.
      </p>
      <h2>Network</h2>
      <p class="result-meta" id="analysis-summary">
        ${summary.nodes} nodes, ${summary.edges} ties (from ${fmt(summary.edgeCount)} relationships), density
        ${fmt(summary.density)}, ${plural(summary.components, "component")} (largest ${summary.largestComponent}),
        diameter ${summary.diameter}, average path ${fmt(summary.averagePathLength)}, clustering
        ${fmt(summary.averageClustering)}, ${summary.communities} communities (modularity ${fmt(summary.modularity)}).
      </p>
      <p class="measure-note">
        A <em>relationship</em> is one recorded link (a membership, a grant, a partnership…); a <em>tie</em> joins two
        actors with at least one relationship, so two relationships between the same pair make one tie. Density: the
        share of possible ties present. Clustering: how often two partners of an actor are partners themselves (Watts
        &amp; Strogatz 1998).
      </p>
      <h2>Ranking by ${metric}</h2>
      <p class="measure-note">${MEASURES[metric] ?? ""}</p>
      ${table(
        ["#", "Name", "Sector", html`Value (${metric})`],
        top.map(
          (r) =>
            html`<tr data-id="${r.id}" tabindex="0">
              <td>${r.rank}</td>
              <td>${r.name}</td>
              <td>${sectorOf(r)}</td>
              <td class="bar-cell">${bar(r.value, maxValue)} ${fmt(r.value)}</td>
            </tr>`,
        ),
        { id: "ranking" },
      )}
      ${csv("ranking", `Download all ${ranked.length} as CSV`)}
      <h2>Communities (Louvain)</h2>
      <p class="measure-note">
        Groups of actors more tied among themselves than to the rest, found by the Louvain method (Blondel et al. 2008);
        each is named after its two best-connected members, and its bar shows its sector mix. Modularity
        ${fmt(communities.modularity)}.
      </p>
      ${legend(kinds)}
      ${table(
        ["Community", "Size", "Sector mix"],
        groups.slice(0, 15).map(
          (c) =>
            html`<tr>
              <td>${c.label}</td>
              <td>${c.size}</td>
              <td>
                ${stackedBar(
                  Object.entries(c.sectors)
                    .sort((a, b) => b[1] - a[1])
                    .map(([s, n]) => ({ label: label(s), count: n, color: colour(s) })),
                )}
              </td>
            </tr>`,
        ),
        { id: "communities" },
      )}
      ${csv("communities", `Download all ${groups.length} as CSV`)}
      <h2>Sector mixing</h2>
      <p class="measure-note">
        Ties between each pair of sectors (darker: more). E-I index (Krackhardt &amp; Stern 1988): −1 when all ties stay
        within the sector, +1 when all cross sectors; overall ${fmt(sectors.ei.overall)}. Sector assortativity (Newman
        2003): ${fmt(sectors.assortativity)} (positive: actors tie to their own sector).
      </p>
      ${table(
        ["", ...sectorKeys.map(label), "E-I"],
        sectorKeys.map(
          (a) =>
            html`<tr>
              <th>${label(a)}</th>
              ${sectorKeys.map((b) => mixCell(a, b))}
              <td>${fmt(sectors.ei.byGroup[a])}</td>
            </tr>`,
        ),
        { className: "heat", id: "mixing" },
      )}
      ${csv("mixing")}
      <h2>Brokers</h2>
      <p class="measure-note">
        Brokerage roles (Gould &amp; Fernandez 1989), with sector as the group: how often an actor links two others not
        tied directly — coordinator (all three in one sector), consultant (the two from another sector), gatekeeper (it
        lets an outsider in), representative (it reaches out for its sector), liaison (three different sectors).
        Constraint (Burt 1992): low when an actor's partners are not tied to each other (it spans structural holes).
        ${brokers.articulationPoints} actors hold the network together (removing one splits it);
        ${brokers.crossSectorBridges} single ties are the only link between two parts and join different sectors.
      </p>
      ${table(
        ["Name", "Sector", "Coordinator", "Consultant", "Gatekeeper", "Representative", "Liaison", "Constraint"],
        brokers.results.map(
          (r) =>
            html`<tr data-id="${r.id}" tabindex="0">
              <td>${r.name}</td>
              <td>${sectorOf(r)}</td>
              ${ROLES.map((k) => html`<td>${r[k] as number}</td>`)}
              <td>${fmt(r.constraint)}</td>
            </tr>`,
        ),
        { id: "brokers" },
      )}
      ${csv("brokers")}`,
  );
  root.querySelectorAll<HTMLTableRowElement>("tr[data-id]").forEach((tr) => {
    tr.onclick = () => deps.open(tr.dataset.id!);
    tr.onkeydown = (e) => e.key === "Enter" && deps.open(tr.dataset.id!);
  });
  root.querySelectorAll<HTMLButtonElement>("button.csv-download").forEach((b) => {
    const name = b.dataset.table!;
    b.onclick = () => downloadCsv(`analysis-${name}`, tables[name]!);
  });
  root.dataset.ready = "true";
}
