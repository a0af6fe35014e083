/**
 * What explains the tool: a help panel (what each view does; a glossary of the sectors, relationship types and
 * measures; the keyboard and the mouse), a hint on the first visit (dismissed once, remembered in localStorage),
 * a "Copy link" button for the view's URL, and zoom buttons over the graph (hidden in the other views).
 */
import type Sigma from "sigma";
import { html, render } from "../html.ts";
import { REL_COLORS, REL_LABELS, REL_TYPES, SECTOR_COLORS, SECTOR_LABELS, SECTORS } from "../../../shared/palette.ts";

/** The localStorage key that remembers the first-visit hint was dismissed. */
export const HINT_KEY = "atlas.hint.dismissed";

const SECTOR_NOTES: Record<(typeof SECTORS)[number], string> = {
  IGO: "UN agencies and other organisations whose members are states (UNODC, ILO, IOM, OSCE).",
  NGO: "Non-governmental, non-profit organisations: service providers, advocacy groups, networks of NGOs.",
  Government: "National governments and their ministries or agencies (other than police and prosecution).",
  Funder: "Foundations and donor agencies whose main role here is to fund others' work.",
  Corporate: "Companies and business associations.",
  Academic: "Universities, research institutes and think tanks.",
  LawEnforcement: "Police, prosecution, border and labour inspection bodies, and their international networks.",
  Media: "News organisations and journalists' networks.",
  FaithBased: "Religious organisations and faith-based networks.",
  Labour: "Trade unions and other workers' organisations.",
  Other: "Actors that fit none of the sectors above.",
};

const REL_NOTES: Record<(typeof REL_TYPES)[number], string> = {
  MEMBER_OF: "An actor is a member of a partnership, alliance or network (or of another organisation).",
  FUNDS: "One actor funds another, or a partnership; an amount and years when a source states them.",
  PARTNERS_WITH: "A stated bilateral partnership or agreement between two actors.",
  COORDINATES: "An actor chairs, leads or coordinates a partnership or a network.",
  HOSTS: "An actor hosts the secretariat of a partnership.",
  PART_OF: "An organisation is a unit of a larger one (an agency of a ministry, a UN office of a programme).",
};

const MEASURES: [string, string][] = [
  ["Ties (degree)", "How many relationships an actor has in the view."],
  ["PageRank", "Importance passed along ties: ties to well-tied actors count more (Brin & Page 1998)."],
  ["Betweenness", "How often an actor lies on the shortest paths between others: a broker (Freeman 1977)."],
  ["Closeness (harmonic)", "How near an actor is to all others, averaged as 1/distance (Marchiori & Latora 2000)."],
  ["Eigenvector", "Like PageRank without damping: ties to central actors make an actor central (Bonacich 1972)."],
  ["Clusters (Louvain)", "Groups of actors more tied among themselves than to others (Blondel et al. 2008)."],
  ["Modularity", "How clearly the network splits into those clusters: 0 none, above 0.3 a clear split."],
  ["Sector mixing", "How many ties join each pair of sectors, against what chance would give."],
  ["Brokerage roles", "Gould & Fernandez (1989): the positions an actor bridges between sectors."],
  ["Constraint", "Burt (1992): low constraint means an actor's partners are not tied to each other."],
];

const swatch = (color: string) => html`<span class="swatch" style="background:${color}"></span>`;

/** The help panel's content. */
export function helpHtml() {
  return html`<button class="close" aria-label="Close help">✕</button>
    <h2>Help</h2>
    <p>
      Coalition Atlas shows who works with whom against human trafficking: actors of every sector, the partnerships they
      form, and the sourced relationships between them. Every tie has the public source that states it.
    </p>
    <h3>Views</h3>
    <dl>
      <dt>Graph</dt>
      <dd>The network: actors as discs coloured by sector, partnerships as squares. Click one for its details.</dd>
      <dt>Directory</dt>
      <dd>The actors in view as a table you can sort, filter and export as CSV.</dd>
      <dt>Analysis</dt>
      <dd>Measures of the network in view: rankings, clusters, sector mixing, brokerage.</dd>
      <dt>Queries</dt>
      <dd>Ready-made research questions, and a Cypher console for your own.</dd>
      <dt>Map</dt>
      <dd>Places each actor at its headquarters country.</dd>
      <dt>Filters</dt>
      <dd>On the left: sectors, relationship types, region, country, issue, years and a minimum of ties.</dd>
      <dt>Details</dt>
      <dd>The selected actor's ties with sources, its ego network (1–3 steps) and shortest paths to another.</dd>
      <dt>Copy link</dt>
      <dd>The page's address holds the whole view: copy it to share or cite exactly what you see.</dd>
    </dl>
    <h3>Sectors</h3>
    <dl class="glossary">
      ${SECTORS.map(
        (s) =>
          html`<dt>${swatch(SECTOR_COLORS[s])}${SECTOR_LABELS[s]}</dt>
            <dd>${SECTOR_NOTES[s]}</dd>`,
      )}
    </dl>
    <h3>Relationship types</h3>
    <dl class="glossary">
      ${REL_TYPES.map(
        (t) =>
          html`<dt>${swatch(REL_COLORS[t])}${REL_LABELS[t]}</dt>
            <dd>${REL_NOTES[t]}</dd>`,
      )}
    </dl>
    <h3>Measures</h3>
    <dl class="glossary">
      ${MEASURES.map(
        ([m, text]) =>
          html`<dt>${m}</dt>
            <dd>${text}</dd>`,
      )}
    </dl>
    <h3>Keyboard and mouse</h3>
    <dl>
      <dt><kbd>/</kbd></dt>
      <dd>Search an organisation by name or acronym; <kbd>↑</kbd> <kbd>↓</kbd> and <kbd>Enter</kbd> pick one.</dd>
      <dt><kbd>Esc</kbd></dt>
      <dd>Closes the details, this help or a list.</dd>
      <dt><kbd>?</kbd></dt>
      <dd>Opens or closes this help.</dd>
      <dt>Wheel, + and −</dt>
      <dd>Zoom in and out; the ⤢ button fits the whole network.</dd>
      <dt>Drag</dt>
      <dd>Moves the graph.</dd>
      <dt>Hover, click</dt>
      <dd>Hovering an actor lights up its ties; clicking opens its details.</dd>
    </dl>`;
}

/** Opens and closes the help panel (`panel`) from its button and the ? key. */
export function attachHelp(button: HTMLElement, panel: HTMLElement): { open(): void; close(): void } {
  const close = () => {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
  };
  const open = () => {
    render(panel, helpHtml());
    panel.querySelector<HTMLButtonElement>(".close")!.onclick = close;
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
  };
  button.addEventListener("click", () => (panel.hidden ? open() : close()));
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
    if (typing || (t instanceof HTMLElement && t.isContentEditable)) return;
    if (e.key === "?") (panel.hidden ? open : close)();
    else if (e.key === "Escape" && !panel.hidden) close();
  });
  return { open, close };
}

/** The first-visit hint: shown until dismissed, then never again in this browser. */
export function showFirstVisitHint(box: HTMLElement, openHelp: () => void): void {
  let dismissed = false;
  try {
    dismissed = localStorage.getItem(HINT_KEY) === "1";
  } catch {
    // No storage (private mode): the hint shows each visit.
  }
  if (dismissed) return;
  render(
    box,
    html`<p>
        <strong>New here?</strong> Press <kbd>/</kbd> to find an organisation, click a node for its ties and sources,
        narrow the network with the filters on the left. The address bar always holds the view: share it with
        <em>Copy link</em>.
      </p>
      <button data-help>Open help</button> <button data-dismiss>Got it</button>`,
  );
  box.hidden = false;
  const dismiss = () => {
    box.hidden = true;
    // The views below the strip grow into its place: the renderers measure their containers again.
    window.dispatchEvent(new Event("resize"));
    try {
      localStorage.setItem(HINT_KEY, "1");
    } catch {
      // Nothing to remember it in.
    }
  };
  box.querySelector<HTMLButtonElement>("[data-dismiss]")!.onclick = dismiss;
  box.querySelector<HTMLButtonElement>("[data-help]")!.onclick = () => {
    dismiss();
    openHelp();
  };
}

/** Puts text on the clipboard (the Clipboard API, or a selected text area where it is not allowed). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not a secure context, or not allowed: the older way.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("the browser did not allow copying; copy the address bar instead");
}

/** The "Copy link" button: copies the page's URL (which holds the view) and says so for two seconds. */
export function attachCopyLink(button: HTMLButtonElement, url: () => string = () => location.href): void {
  const label = button.textContent ?? "Copy link";
  let timer = 0;
  button.addEventListener("click", async () => {
    clearTimeout(timer);
    try {
      await copyText(url());
      button.textContent = "Link copied ✓";
      button.dataset.copied = "true";
    } catch (e) {
      button.textContent = "Copy failed";
      button.title = (e as Error).message;
    }
    timer = window.setTimeout(() => {
      button.textContent = label;
      delete button.dataset.copied;
    }, 2000);
  });
}

/** Zoom in, zoom out and fit-the-network buttons over the graph. */
export function attachZoom(box: HTMLElement, renderer: () => Sigma | null): void {
  render(
    box,
    html`<button data-zoom="in" title="Zoom in" aria-label="Zoom in">+</button
      ><button data-zoom="out" title="Zoom out" aria-label="Zoom out">−</button
      ><button data-zoom="fit" title="Fit the network to the screen" aria-label="Fit the network">⤢</button>`,
  );
  box.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("[data-zoom]");
    const camera = renderer()?.getCamera();
    if (!b || !camera) return;
    const duration = 250;
    if (b.dataset.zoom === "in") void camera.animatedZoom({ duration });
    else if (b.dataset.zoom === "out") void camera.animatedUnzoom({ duration });
    else void camera.animatedReset({ duration });
  });
}
