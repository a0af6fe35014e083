/**
 * The details panel of the selected actor or partnership: what the API knows of it, its relationships grouped by
 * type with their sources, ego-network buttons and a shortest-path search; editors get their tools on top
 * (curation/editing.ts).
 */
import { api, type NodeDetail, type SearchHit } from "../api.ts";
import { decoratePanel } from "../curation/entity-forms.ts";
import { html, render, type Html } from "../html.ts";
import { REL_LABELS, SECTOR_LABELS } from "../../../shared/palette.ts";
import { attachAutocomplete } from "./autocomplete.ts";
import { withRetry } from "./reconnect.ts";
import { decorateCompare } from "./compare.ts";
import { decorateProfile } from "./profile.ts";

export interface DetailsActions {
  close(): void;
  /** Shows the ego network of `depth` steps around the node. */
  focus(depth: number): void;
  /** Selects another node (a relationship's counterpart). */
  pick(id: string): void;
  /** Asks for the shortest paths to another node; answers what to say under the search box. */
  pathTo(hit: SearchHit): Promise<string>;
}

const hostLinks = (urls?: string[] | null) =>
  (urls ?? []).map(
    (u, i) => html`${i ? ", " : ""}<a href="${u}" target="_blank" rel="noopener noreferrer">${new URL(u).hostname}</a>`,
  );

export function renderDetails(d: NodeDetail): Html {
  const n = d.node;
  const isPartnership = d.labels.includes("Partnership");
  const years = (r: Record<string, any>) => (r.since || r.until ? ` (${r.since ?? "?"}–${r.until ?? ""})` : "");
  const groups = Object.entries(d.relationships).map(
    ([type, list]) =>
      html`<h3>${REL_LABELS[type as keyof typeof REL_LABELS] ?? type} <small>(${list.length})</small></h3>
        <ul>
          ${list.map(
            (r) =>
              html`<li>
                ${r.direction === "out" ? "→" : "←"}
                <a href="#" data-node="${r.counterpart.id}">${r.counterpart.name}</a
                >${r.role ? html` <em>${r.role}</em>` : ""}${years(r)}${
                  r.amount ? ` ${r.amount.toLocaleString()} ${r.currency}` : ""
                }
                <span class="src">[${hostLinks(r.sources)}]</span>
              </li>`,
          )}
        </ul>`,
  );
  const kind = isPartnership
    ? `Partnership · ${n.kind}`
    : (SECTOR_LABELS[n.sector as keyof typeof SECTOR_LABELS] ?? n.sector);
  return html`<button class="close" aria-label="Close details">✕</button>
    <h2>${n.name}</h2>
    <p class="meta">${n.acronym ?? ""} ${kind}</p>
    ${n.description ? html`<p>${n.description}</p>` : ""}
    <dl>
      ${
        d.country
          ? html`<dt>Based in</dt>
              <dd>${d.country.name} (${d.country.region})</dd>`
          : ""
      }
      ${
        n.founded
          ? html`<dt>Founded</dt>
              <dd>${n.founded}</dd>`
          : ""
      }
      ${
        n.website
          ? html`<dt>Website</dt>
              <dd><a href="${n.website}" target="_blank" rel="noopener noreferrer">${n.website}</a></dd>`
          : ""
      }
      ${
        d.issues.length
          ? html`<dt>Issues</dt>
              <dd>${d.issues.map((i) => i.name).join(", ")}</dd>`
          : ""
      }
      ${
        d.operatesIn.length
          ? html`<dt>Works in</dt>
              <dd>${d.operatesIn.map((c) => c.name).join(", ")}</dd>`
          : ""
      }
      ${
        n.aliases?.length
          ? html`<dt>Also known as</dt>
              <dd>${n.aliases.join("; ")}</dd>`
          : ""
      }
      <dt>Sources</dt>
      <dd>${hostLinks(n.sources)}${n.retrieved ? html` <small>(read ${n.retrieved})</small>` : ""}</dd>
    </dl>
    <div class="actions">
      <span>Ego network:</span>
      <button data-focus="1">1 step</button><button data-focus="2">2 steps</button
      ><button data-focus="3">3 steps</button>
    </div>
    <div class="search">
      <input
        id="path-to"
        type="search"
        placeholder="Shortest path to…"
        aria-label="Shortest path to another actor"
        autocomplete="off"
      />
      <ul id="path-results" role="listbox" hidden></ul>
    </div>
    <p id="path-out" aria-live="polite"></p>
    ${groups.length ? groups : html`<p>No recorded relationships.</p>`}
    ${d.truncated ? html`<p>Only the first relationships are listed.</p>` : ""}`;
}

/** The panel for one node; a later call for another node wins over an earlier one still loading. */
export class DetailsPanel {
  private shownFor: string | null = null;
  private loading: AbortController | null = null;

  constructor(private readonly panel: HTMLElement) {}

  hide(): void {
    this.loading?.abort();
    this.panel.hidden = true;
  }

  async show(id: string, actions: DetailsActions): Promise<void> {
    const panel = this.panel;
    panel.hidden = false;
    if (this.shownFor === id && panel.dataset.loaded === "true") return;
    this.shownFor = id;
    panel.dataset.loaded = "false";
    render(panel, html`<p>Loading…</p>`);
    this.loading?.abort();
    const loading = (this.loading = new AbortController());
    // A failure keeps the close button; while the database is away the panel counts down to its next try.
    const failed = (text: string) => {
      render(
        panel,
        html`<button class="close" aria-label="Close details">✕</button>
          <p class="error">${text}</p>`,
      );
      panel.querySelector<HTMLButtonElement>(".close")!.onclick = () => actions.close();
    };
    let d: NodeDetail;
    try {
      d = await withRetry(() => api.node(id), { signal: loading.signal, say: failed });
    } catch (e) {
      if ((e as Error).name !== "AbortError" && this.shownFor === id)
        failed(e instanceof Error ? e.message : String(e));
      return;
    }
    if (this.shownFor !== id) return;
    render(panel, renderDetails(d));
    decoratePanel(panel, d, async (q) => (await api.search(q)).results.map((h) => ({ id: h.id, name: h.name })));
    decorateCompare(panel, id);
    decorateProfile(panel, id);
    panel.dataset.loaded = "true";
    panel.querySelector<HTMLButtonElement>(".close")!.onclick = () => actions.close();
    panel.querySelectorAll<HTMLButtonElement>("[data-focus]").forEach((b) => {
      b.onclick = () => actions.focus(Number(b.dataset.focus));
    });
    panel.querySelectorAll<HTMLAnchorElement>("[data-node]").forEach((a) => {
      a.onclick = (ev) => {
        ev.preventDefault();
        actions.pick(a.dataset.node!);
      };
    });
    const out = panel.querySelector<HTMLElement>("#path-out")!;
    attachAutocomplete(
      panel.querySelector<HTMLInputElement>("#path-to")!,
      panel.querySelector<HTMLUListElement>("#path-results")!,
      async (hit) => {
        try {
          out.textContent = await actions.pathTo(hit);
        } catch (e) {
          out.textContent = e instanceof Error ? e.message : String(e);
        }
      },
    );
  }
}
