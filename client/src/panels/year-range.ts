/**
 * The years: a range slider with two handles over the years the data holds, the chosen years written beside it,
 * a choice to hide actors without ties in those years (the scope's `active`, shared/filters.ts), and a player
 * that steps the last year forward from the first year with data in view, showing the year large over the graph.
 */
import type Graph from "graphology";
import { html, render } from "../html.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import { visibleElements, type Filters } from "../../../shared/filters.ts";
import "./year-range.css";

/** How long each year shows while playing. */
export const PLAY_STEP_MS = 1200;

/** The earliest and latest years of relationships (since, or until when only it is known); null when none. */
export function yearSpan(graph: Graph): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  graph.forEachEdge((_e, a) => {
    for (const y of [a.since, a.until])
      if (typeof y === "number") {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
  });
  return Number.isFinite(min) ? [min, max] : null;
}

/** The first year a relationship in view (the filters other than the years) starts; null when none has a year. */
export function firstYearInView(graph: Graph, filters: Filters): number | null {
  const { edges } = visibleElements(graph, { ...filters, from: undefined, to: undefined, active: undefined });
  let first = Infinity;
  for (const e of edges) {
    const since = graph.getEdgeAttribute(e, "since");
    if (typeof since === "number") first = Math.min(first, since);
  }
  return Number.isFinite(first) ? first : null;
}

export class YearRange {
  private timer: number | null = null;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly span: [number, number] | null;

  constructor(
    box: HTMLElement,
    private readonly play: HTMLButtonElement,
    stage: HTMLElement,
    private readonly graph: Graph,
    private readonly store: Store<ExplorerState>,
  ) {
    this.span = yearSpan(graph);
    const [min, max] = this.span ?? [2000, 2000];
    render(
      box,
      html`<div class="year-slider">
          <input type="range" id="year-from-range" min="${min}" max="${max}" step="1" aria-label="First year" />
          <input type="range" id="year-to-range" min="${min}" max="${max}" step="1" aria-label="Last year" />
        </div>
        <output id="year-range-label" for="year-from-range year-to-range"></output>
        <label class="year-active"
          ><input type="checkbox" id="filter-active" /> Hide actors without ties in these years</label
        >`,
    );
    this.from = box.querySelector("#year-from-range")!;
    this.to = box.querySelector("#year-to-range")!;
    this.label = box.querySelector("#year-range-label")!;
    this.badge = Object.assign(document.createElement("div"), { id: "year-badge", className: "year-badge" });
    this.badge.hidden = true;
    this.badge.setAttribute("aria-live", "polite");
    stage.append(this.badge);
    const filter = (patch: Partial<Filters>) => store.update((s) => T.setFilters(s, patch));
    // The handles never cross; a handle at the end of the track means no bound.
    const values = () => {
      const a = Number(this.from.value);
      const b = Number(this.to.value);
      return { from: a <= min ? undefined : a, to: b >= max ? undefined : b };
    };
    this.from.oninput = () => {
      if (Number(this.from.value) > Number(this.to.value)) this.from.value = this.to.value;
      this.showLabel(values());
    };
    this.to.oninput = () => {
      if (Number(this.to.value) < Number(this.from.value)) this.to.value = this.from.value;
      this.showLabel(values());
    };
    this.from.onchange = this.to.onchange = () => filter(values());
    box.querySelector<HTMLInputElement>("#filter-active")!.onchange = (e) =>
      filter({ active: (e.target as HTMLInputElement).checked || undefined });
    play.onclick = () => this.toggle();
    if (!this.span) play.disabled = this.from.disabled = this.to.disabled = true;
    store.subscribe((s, prev) => {
      if (s.view.filters !== prev.view.filters) this.sync();
    });
    this.sync();
  }

  /** Whether the player runs (the camera then stays where it is). */
  get playing(): boolean {
    return this.timer !== null;
  }

  private showLabel(f: { from?: number; to?: number }): void {
    this.label.textContent =
      f.from === undefined && f.to === undefined
        ? "All years"
        : `${f.from ?? "…"} – ${f.to ?? "…"}`.replace(/^… – (\d+)$/, "Up to $1").replace(/^(\d+) – …$/, "From $1");
  }

  /** Puts the state's years into the slider, its label and the choice. */
  sync(): void {
    const f = this.store.get().view.filters;
    const [min, max] = this.span ?? [2000, 2000];
    this.from.value = String(Math.max(min, Math.min(max, f.from ?? min)));
    this.to.value = String(Math.max(min, Math.min(max, f.to ?? max)));
    this.showLabel(f);
    const active = document.querySelector<HTMLInputElement>("#filter-active");
    if (active) {
      active.checked = !!f.active;
      active.title = f.from === undefined && f.to === undefined ? "Choose years first" : "";
    }
  }

  /** Starts or stops stepping the last year forward, one year every PLAY_STEP_MS. */
  toggle(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.play.textContent = "▶ Play";
      // The last year shown stays a moment.
      window.setTimeout(() => (this.badge.hidden = this.timer === null ? true : this.badge.hidden), 1500);
      return;
    }
    if (!this.span) return;
    const max = this.span[1];
    const filters = this.store.get().view.filters;
    const first = firstYearInView(this.graph, filters) ?? this.span[0];
    // From where the last run stopped, or from the first year with data in view.
    let year = filters.to && filters.to < max && filters.to >= first ? filters.to + 1 : first;
    this.play.textContent = "⏸ Pause";
    const step = () => {
      this.badge.textContent = String(year);
      this.badge.hidden = false;
      this.store.update((s) => T.setFilters(s, { to: year, from: undefined }));
      year++;
      if (year > max && this.timer !== null) this.toggle();
    };
    step();
    if (year <= max) this.timer = window.setInterval(step, PLAY_STEP_MS);
    else this.play.textContent = "▶ Play";
  }
}
