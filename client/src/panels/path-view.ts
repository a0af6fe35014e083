/**
 * The path view: every shortest path between two nodes, shown together over the top of the graph, each as a chain
 * of labelled chips that reads left to right, with the type of each tie between them; all their nodes are
 * highlighted in the graph (and the camera fits them, views/follow.ts). The request (from, to, at most how many
 * steps) is part of the view's state, so it is in the URL and a link reopens it.
 *
 * Under each path, every tie lists its sources as links (from the /api/paths answer), so a path can be checked
 * and cited without opening each tie.
 */
import type Graph from "graphology";
import { api } from "../api.ts";
import { html, render, type Html } from "../html.ts";
import type { Store } from "../state/store.ts";
import { transitions as T, type ExplorerState } from "../state/view.ts";
import { MAX_PATH_HOPS, type PathRequest } from "../url-state.ts";
import { nodeColor } from "../../../shared/appearance.ts";
import { REL_LABELS } from "../../../shared/palette.ts";
import { pathTieSources, type PathTies } from "./path-sources.ts";
import "./path-view.css";

/** One tie of a path: its two nodes in the path's order, and the graph's relationships between them. */
export interface PathTie {
  from: string;
  to: string;
  /** The relationships joining the two (either direction), with their attributes as the graph holds them. */
  edges: { key: string; source: string; target: string; attributes: Record<string, unknown> }[];
}

export interface PathResult {
  request: PathRequest;
  paths: string[][];
  /** The answer's relationships, each with its sources. */
  answer: PathTies;
}

const sameRequest = (a?: PathRequest, b?: PathRequest) =>
  a === b || (!!a && !!b && a.from === b.from && a.to === b.to && a.maxHops === b.maxHops);

export class PathView {
  readonly element: HTMLElement;
  private shown: PathResult | null = null;
  private loading: PathRequest | null = null;
  /** The load under way or done for the state's request. */
  current: Promise<PathResult | null> = Promise.resolve(null);

  constructor(
    host: HTMLElement,
    private readonly store: Store<ExplorerState>,
    private readonly graph: Graph,
    /** Selects a node of a path (its details open). */
    private readonly pick: (id: string) => void,
  ) {
    this.element = Object.assign(document.createElement("section"), {
      id: "path-view",
      className: "path-view",
      hidden: true,
    });
    this.element.setAttribute("aria-label", "Shortest paths");
    this.element.setAttribute("aria-live", "polite");
    host.append(this.element);
    store.subscribe((s, prev) => {
      if (!sameRequest(s.view.path, prev.view.path)) this.current = this.load(s.view.path);
    });
  }

  /** Shows the paths of the state opened from a link. */
  start(): void {
    const request = this.store.get().view.path;
    if (request) this.current = this.load(request);
  }

  /** The last shown result (the tests and the details panel's summary read it). */
  get result(): PathResult | null {
    return this.shown;
  }

  private label(id: string): string {
    return this.graph.hasNode(id) ? String(this.graph.getNodeAttribute(id, "label") ?? id) : id;
  }

  /** Loads and shows the paths asked for; with none asked for, hides the view and its highlight. */
  async load(request: PathRequest | undefined): Promise<PathResult | null> {
    if (!request) {
      this.shown = null;
      this.loading = null;
      this.element.hidden = true;
      if (this.store.get().highlight.path) this.store.update((s) => T.showPath(s, null));
      return null;
    }
    if (this.shown && sameRequest(this.shown.request, request)) return this.shown;
    this.loading = request;
    this.element.hidden = false;
    render(this.element, html`<p>Looking for paths from ${this.label(request.from)} to ${this.label(request.to)}…</p>`);
    try {
      const res = await api.paths(request.from, request.to, request.maxHops);
      if (!sameRequest(this.loading ?? undefined, request)) return null;
      const result = { request, paths: res.paths, answer: res };
      this.shown = result;
      this.draw(result);
      // Drawn first: the camera fits the highlighted nodes below the view.
      const nodes = res.paths.flat();
      this.store.update((s) => T.showPath(s, nodes.length ? nodes : null));
      return result;
    } catch (e) {
      render(
        this.element,
        html`${this.header(request, null)}
          <p class="error">${e instanceof Error ? e.message : String(e)}</p>`,
      );
      this.wire(request);
      return null;
    }
  }

  /** What the details panel says under its search box. */
  static summary(result: PathResult | null, name: (id: string) => string): string {
    if (!result) return "";
    const { paths, request } = result;
    if (!paths.length) return `No path of ${request.maxHops} steps or fewer to ${name(request.to)}.`;
    const steps = paths[0]!.length - 1;
    return `${paths.length} shortest path${paths.length > 1 ? "s" : ""} of ${steps} step${steps > 1 ? "s" : ""}, shown above the graph.`;
  }

  private header(request: PathRequest, paths: string[][] | null): Html {
    const steps = paths?.[0] ? paths[0].length - 1 : 0;
    const title = !paths
      ? "Shortest paths"
      : paths.length === 0
        ? `No path of ${request.maxHops} steps or fewer`
        : `${paths.length} shortest path${paths.length > 1 ? "s" : ""} of ${steps} step${steps > 1 ? "s" : ""}`;
    const hops = Array.from({ length: MAX_PATH_HOPS }, (_, i) => i + 1);
    return html`<header>
      <h2>${title}</h2>
      <span class="path-ends">from <b>${this.label(request.from)}</b> to <b>${this.label(request.to)}</b></span>
      <label
        >at most
        <select class="path-hops" aria-label="Longest path, in steps">
          ${hops.map((h) => html`<option value="${h}" ${h === request.maxHops ? html`selected` : ""}>${h}</option>`)}
        </select>
        steps</label
      >
      <button class="path-close" aria-label="Close the paths">✕</button>
    </header>`;
  }

  private ties(a: string, b: string): PathTie {
    const edges: PathTie["edges"] = [];
    for (const [s, t] of [
      [a, b],
      [b, a],
    ] as const)
      if (this.graph.hasNode(s) && this.graph.hasNode(t))
        for (const key of this.graph.outEdges(s, t))
          edges.push({ key, source: s, target: t, attributes: this.graph.getEdgeAttributes(key) });
    return { from: a, to: b, edges };
  }

  private chip(id: string): Html {
    const a = this.graph.hasNode(id) ? this.graph.getNodeAttributes(id) : {};
    const name = this.label(id);
    // Long names by their acronym, as in the graph; the full name on hover.
    const short = name.length > 28 && typeof a.acronym === "string" && a.acronym ? a.acronym : name;
    return html`<button class="chip" data-node="${id}" title="${name}">
      <span class="swatch" style="background:${nodeColor(a)}"></span>${short}
    </button>`;
  }

  private tie(t: PathTie, p: number, i: number): Html {
    const types = [
      ...new Set(
        t.edges.map((e) => {
          const label = REL_LABELS[e.attributes.type as keyof typeof REL_LABELS] ?? String(e.attributes.type);
          return e.source === t.from ? `${label} →` : `← ${label}`;
        }),
      ),
    ];
    return html`<span class="tie" data-from="${t.from}" data-to="${t.to}" data-path="${p}" data-step="${i}"
      ><span class="tie-type">${types.length ? types.join(" · ") : "→"}</span></span
    >`;
  }

  private draw(result: PathResult): void {
    const { request, paths } = result;
    const ties = paths.map((path) => path.slice(1).map((n, i) => this.ties(path[i]!, n)));
    render(
      this.element,
      html`${this.header(request, paths)}
      ${
        paths.length
          ? html`<ol class="paths">
              ${paths.map(
                (path, p) =>
                  html`<li class="path">
                    <div class="path-chain">
                      ${path.map((n, i) => html`${i ? this.tie(ties[p]![i - 1]!, p, i - 1) : ""}${this.chip(n)}`)}
                    </div>
                    <details class="path-sources" ${p === 0 ? html`open` : ""}>
                      <summary>Sources of each tie</summary>
                      ${pathTieSources(result.answer, path, (id) => this.label(id))}
                    </details>
                  </li>`,
              )}
            </ol>`
          : html`<p>Try more steps, or another pair.</p>`
      }`,
    );
    this.wire(request);
  }

  private wire(request: PathRequest): void {
    this.element.querySelector<HTMLButtonElement>(".path-close")!.onclick = () =>
      this.store.update((s) => T.setPath(s, undefined));
    this.element.querySelector<HTMLSelectElement>(".path-hops")!.onchange = (e) => {
      const maxHops = Number((e.target as HTMLSelectElement).value);
      this.store.update((s) => T.setPath(s, { ...request, maxHops }));
    };
    this.element.querySelectorAll<HTMLButtonElement>(".chip").forEach((b) => {
      b.onclick = () => this.pick(b.dataset.node!);
    });
  }
}
