/**
 * The analysis view: whole-network figures, a ranked table for the chosen centrality, the communities with their
 * sector mix, the sector mixing matrix as a heat map, and the top brokers. Rows link back to the graph.
 */
import { html, render, table } from "../html.ts";
import { api } from "../api.ts";
import { SECTOR_LABELS } from "../../../shared/palette.ts";

const fmt = (v: unknown) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v ?? "");
const label = (s: string) => SECTOR_LABELS[s as keyof typeof SECTOR_LABELS] ?? s;

export async function renderAnalysis(
  root: HTMLElement,
  metric: string,
  scope: string,
  focus: (id: string) => void,
): Promise<void> {
  render(root, html`<p>Computing…</p>`);
  const [summary, ranking, communities, sectors, brokers] = await Promise.all([
    api.summary(scope),
    api.centrality(metric === "degree" ? "degree" : metric, scope),
    api.communities(scope),
    api.sectors(scope),
    api.brokerage(scope),
  ]);
  const groups = Object.keys(sectors.mixing).sort();
  const max = Math.max(1, ...groups.flatMap((a) => groups.map((b) => sectors.mixing[a]?.[b] ?? 0)));
  const sectorOf = (r: { sector?: string | null }) => label(r.sector ?? "Partnership");
  const heat = (v: number) =>
    `background:rgba(47,93,138,${(v / max).toFixed(2)});color:${v / max > 0.5 ? "#fff" : "inherit"}`;
  render(
    root,
    html`<h2>Network</h2>
      <p class="result-meta">
        ${summary.nodes} nodes, ${summary.edges} ties, density ${fmt(summary.density)}, ${summary.components} components
        (largest ${summary.largestComponent}), diameter ${summary.diameter}, average path
        ${fmt(summary.averagePathLength)}, clustering ${fmt(summary.averageClustering)}, ${summary.communities}
        communities (modularity ${fmt(summary.modularity)}). Engine: ${summary.engine}.
      </p>
      <h2>Ranking by ${metric}</h2>
      ${table(
        ["#", "Name", "Sector", "Value"],
        ranking.results.slice(0, 25).map(
          (r) =>
            html`<tr data-id="${r.id}" tabindex="0">
              <td>${r.rank}</td>
              <td>${r.name}</td>
              <td>${sectorOf(r)}</td>
              <td>${fmt(r.value)}</td>
            </tr>`,
        ),
        { id: "ranking" },
      )}
      <h2>Communities (Louvain)</h2>
      ${table(
        ["Community", "Size", "Sector mix"],
        communities.communities
          .filter((c) => c.size > 1)
          .slice(0, 15)
          .map(
            (c) =>
              html`<tr>
                <td>${c.label}</td>
                <td>${c.size}</td>
                <td>
                  ${Object.entries(c.sectors)
                    .map(([s, n]) => `${label(s)} ${n}`)
                    .join(", ")}
                </td>
              </tr>`,
          ),
      )}
      <h2>Sector mixing</h2>
      <p class="result-meta">
        E-I index ${fmt(sectors.ei.overall)} (−1: ties stay within sectors, +1: all ties cross sectors); sector
        assortativity ${fmt(sectors.assortativity)}.
      </p>
      ${table(
        ["", ...groups.map(label), "E-I"],
        groups.map(
          (a) =>
            html`<tr>
              <th>${label(a)}</th>
              ${groups.map((b) => {
                const v = sectors.mixing[a]?.[b] ?? 0;
                return html`<td style="${heat(v)}">${v}</td>`;
              })}
              <td>${fmt(sectors.ei.byGroup[a])}</td>
            </tr>`,
        ),
        { className: "heat" },
      )}
      <h2>Brokers (Gould-Fernandez, sector as group)</h2>
      <p class="result-meta">
        ${brokers.articulationPoints} articulation points; ${brokers.crossSectorBridges} bridges join different sectors.
      </p>
      ${table(
        ["Name", "Sector", "Coordinator", "Consultant", "Gatekeeper", "Representative", "Liaison", "Constraint"],
        brokers.results.map(
          (r) =>
            html`<tr data-id="${r.id}" tabindex="0">
              <td>${r.name}</td>
              <td>${sectorOf(r)}</td>
              <td>${r.coordinator}</td>
              <td>${r.consultant}</td>
              <td>${r.gatekeeper}</td>
              <td>${r.representative}</td>
              <td>${r.liaison}</td>
              <td>${fmt(r.constraint)}</td>
            </tr>`,
        ),
        { id: "brokers" },
      )}`,
  );
  root.querySelectorAll<HTMLTableRowElement>("tr[data-id]").forEach((tr) => {
    tr.onclick = () => focus(tr.dataset.id!);
    tr.onkeydown = (e) => e.key === "Enter" && focus(tr.dataset.id!);
  });
}
