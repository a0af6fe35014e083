/**
 * An actor's profile as a page to print or save as PDF: who it is, its ties grouped by type and ordered by date,
 * its positions in the rankings, and every source numbered and formatted for citation. Shown over the explorer;
 * the print stylesheet prints the profile alone.
 */
import { api, type NodeDetail } from "../api.ts";
import { html, render } from "../html.ts";
import { REL_LABELS, SECTOR_LABELS } from "../../../shared/palette.ts";
import { rankings } from "./compare.ts";

const RANKINGS: [string, string][] = [
  ["degree", "Number of ties"],
  ["pagerank", "PageRank"],
  ["betweenness", "Betweenness"],
  ["closeness", "Closeness (harmonic)"],
];

/** The sources cited in a profile, numbered in the order they are first cited. */
export class Citations {
  readonly list: { url: string; title?: string; retrieved?: string }[] = [];
  private readonly index = new Map<string, number>();

  /** The numbers of these sources (each added on first sight). */
  cite(urls: readonly string[] | null | undefined, retrieved?: string | null, titles?: readonly string[] | null) {
    return (urls ?? []).map((url, i) => {
      let n = this.index.get(url);
      if (n === undefined) {
        this.list.push({ url, title: titles?.[i] || undefined, retrieved: retrieved ?? undefined });
        n = this.list.length;
        this.index.set(url, n);
      }
      return n;
    });
  }
}

/** One source as a reference: its title (or its site) and address, and when it was read. */
export function referenceText(s: { url: string; title?: string; retrieved?: string }): string {
  let site = s.url;
  try {
    site = new URL(s.url).hostname.replace(/^www\./, "");
  } catch {
    // Not a URL: shown as it is.
  }
  return `${s.title ? `${s.title}. ${site}.` : `${site}.`} ${s.url}${s.retrieved ? ` (accessed ${s.retrieved})` : ""}.`;
}

const yearsOf = (r: { since?: number | null; until?: number | null }) =>
  r.since || r.until ? `${r.since ?? "?"}–${r.until ?? ""}` : "undated";

/** The profile page's content. */
export function profileHtml(
  d: NodeDetail,
  ranks: { label: string; rank?: number; of: number }[],
  link: string,
  today = new Date().toISOString().slice(0, 10),
) {
  const n = d.node;
  const refs = new Citations();
  const own = refs.cite(n.sources, n.retrieved, n.sourceTitles as string[] | undefined);
  const sup = (nums: number[]) => (nums.length ? html`<sup>[${nums.join(", ")}]</sup>` : "");
  const kind = d.labels.includes("Partnership")
    ? `Partnership (${n.kind ?? "?"})`
    : (SECTOR_LABELS[n.sector as keyof typeof SECTOR_LABELS] ?? String(n.sector ?? ""));
  const groups = Object.entries(d.relationships).map(([type, list]) => {
    const dated = [...list].sort(
      (a, b) => (a.since ?? 9999) - (b.since ?? 9999) || a.counterpart.name.localeCompare(b.counterpart.name),
    );
    return html`<section class="ties" data-type="${type}">
      <h3>${REL_LABELS[type as keyof typeof REL_LABELS] ?? type} (${list.length})</h3>
      <table>
        <thead>
          <tr>
            <th>Years</th>
            <th>With</th>
            <th>Direction</th>
            <th>Role, amount</th>
            <th>Sources</th>
          </tr>
        </thead>
        <tbody>
          ${dated.map(
            (r) =>
              html`<tr>
                <td>${yearsOf(r)}</td>
                <td>${r.counterpart.name}</td>
                <td>${r.direction === "out" ? "from this actor" : "to this actor"}</td>
                <td>${r.role ?? ""}${r.amount ? ` ${r.amount.toLocaleString("en")} ${r.currency ?? ""}` : ""}</td>
                <td>${sup(refs.cite(r.sources, (r as { retrieved?: string }).retrieved))}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  });
  const facts: [string, string | number | null | undefined][] = [
    ["Based in", d.country && `${d.country.name} (${d.country.subregion})`],
    ["Founded", n.founded],
    ["Website", n.website],
    ["Also known as", n.aliases?.join("; ")],
    ["Issues", d.issues.map((i) => i.name).join(", ")],
    ["Works in", d.operatesIn.map((c) => c.name).join(", ")],
  ];
  return html`<article class="profile" data-id="${n.id}">
    <header>
      <p class="kicker">Coalition Atlas · actor profile</p>
      <h1>${n.name}${n.acronym ? html` <small>(${n.acronym})</small>` : ""}</h1>
      <p class="meta">${kind}${sup(own)}</p>
    </header>
    ${n.description ? html`<p>${n.description}</p>` : ""}
    <dl>
      ${facts
        .filter(([, v]) => v)
        .map(
          ([k, v]) =>
            html`<dt>${k}</dt>
              <dd>${v}</dd>`,
        )}
    </dl>
    <h2>Rankings in the whole network</h2>
    <table class="ranks">
      <tbody>
        ${ranks.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.label}</th>
              <td>${r.rank ? `${r.rank} of ${r.of}` : "not ranked"}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Ties, by type and date</h2>
    ${groups.length ? groups : html`<p>No recorded relationships.</p>`}
    ${d.truncated ? html`<p>Only the first relationships are listed.</p>` : ""}
    <h2>Sources</h2>
    <ol class="references">
      ${refs.list.map((s) => html`<li>${referenceText(s)}</li>`)}
    </ol>
    <footer>
      <p>
        Cite this profile as: Coalition Atlas contributors. “${n.name}”, actor profile, Coalition Atlas, ${link}
        (accessed ${today}).
      </p>
    </footer>
  </article>`;
}

/** How the "Profile" button asks for a profile: at once here; through the view's state (and so the URL) once
 * panels/linked-dialogs.ts is attached. */
export const profiling = { request: (id: string): void => void openProfile(id) };

/** Shows the profile of `id` over the explorer, with Print and Close buttons; `onClose` is called when closed. */
export async function openProfile(id: string, onClose?: () => void): Promise<void> {
  document.querySelector(".profile-page")?.remove();
  const page = document.createElement("div");
  page.className = "profile-page";
  page.dataset.profile = id;
  page.setAttribute("role", "dialog");
  page.setAttribute("aria-label", "Actor profile");
  render(
    page,
    html`<div class="profile-tools">
        <button data-print>Print or save as PDF</button> <button data-close>Close</button>
      </div>
      <div class="profile-body"><p>Loading…</p></div>`,
  );
  document.body.append(page);
  document.body.classList.add("printing-profile");
  const title = document.title;
  const close = () => {
    page.remove();
    document.body.classList.remove("printing-profile");
    document.title = title;
    onClose?.();
  };
  page.querySelector<HTMLButtonElement>("[data-close]")!.onclick = close;
  page.querySelector<HTMLButtonElement>("[data-print]")!.onclick = () => window.print();
  page.addEventListener("keydown", (e) => e.key === "Escape" && close());
  const body = page.querySelector<HTMLElement>(".profile-body")!;
  try {
    const d = await api.node(id);
    const ranks = (await rankings(RANKINGS)).map((r) => ({ label: r.label, rank: r.rank.get(id), of: r.of }));
    const link = `${location.origin}${location.pathname}?sel=${encodeURIComponent(id)}`;
    render(body, profileHtml(d, ranks, link));
    document.title = `${d.node.name} · Coalition Atlas profile`;
  } catch (e) {
    render(body, html`<p class="error">${e instanceof Error ? e.message : String(e)}</p>`);
  }
}

/** Adds the "Profile" button to a node's details panel. */
export function decorateProfile(panel: HTMLElement, id: string): void {
  const box = document.createElement("div");
  box.className = "actions";
  render(
    box,
    html`<button data-profile title="A page with its ties, rankings and sources">
      Profile to print or save as PDF
    </button>`,
  );
  (panel.querySelector(".compare-with") ?? panel.querySelector("#path-out"))?.after(box);
  box.querySelector<HTMLButtonElement>("[data-profile]")!.onclick = () => profiling.request(id);
}
