/**
 * How each node and relationship is drawn, derived from the graph's data and the view's state in Sigma's
 * reducers, never written into the graph: colour (sector, or cluster), size (degree, or a measure), shape
 * (partnerships as squares), the label (acronym for long names), and what filters, sampling, hover, a selection
 * or a path hide or dim. Pure functions of their inputs; the renderer calls them for every node and edge it draws.
 */
import type Graph from "graphology";
import { nodeColor, nodeSize } from "../../../shared/appearance.ts";
import { REL_COLORS } from "../../../shared/palette.ts";
import type { Visible } from "../../../shared/filters.ts";
import type { Highlight } from "../state/view.ts";

export const DIM_NODE = "#e4e6e8";
export const DIM_EDGE = "#f0f1f2";
/** Names longer than this are labelled with their acronym. */
const LONG_NAME = 28;
/** A label without an acronym is cut, at a word, to at most this many characters (the full name is in the details). */
export const MAX_LABEL = 40;

/** A long name shortened for a label: cut at the last word that fits MAX_LABEL, with an ellipsis. */
export function shortLabel(name: string): string {
  if (name.length <= MAX_LABEL) return name;
  const cut = name.slice(0, MAX_LABEL - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_LABEL / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(–-]+$/, "")}…`;
}

/** The appearance slice: what colours and sizes follow. */
export interface Appearance {
  /** A measure's value per node (sizes follow it), or null for degree. */
  sizeValues: Record<string, number> | null;
  /** Louvain community per node (colours follow it), or null for sectors. */
  clusters: Record<string, number> | null;
}
export const DEFAULT_APPEARANCE: Appearance = { sizeValues: null, clusters: null };

/** The largest value sizes are scaled to. */
export function sizeScale(graph: Graph, appearance: Appearance): number {
  let max = 0;
  if (appearance.sizeValues) for (const v of Object.values(appearance.sizeValues)) max = Math.max(max, v);
  else graph.forEachNode((_n, a) => (max = Math.max(max, a.degree ?? 0)));
  return appearance.sizeValues ? max : Math.max(1, max);
}

/** Everything the reducers read, gathered once per change of state. */
export interface DrawContext {
  graph: Graph;
  visible: Visible;
  /** The visible edges that are drawn, when a large view samples them; null when all are. */
  drawn: Set<string> | null;
  highlight: Highlight;
  selected: string | undefined;
  appearance: Appearance;
  sizeMax: number;
  /** Large networks: hover highlights without dimming the rest. */
  large: boolean;
  edgeProgram: "arrow" | "line";
}

type Data = Record<string, any>;

/** What the renderer's settings decide of the look (renderer/settings.ts). */
export interface Looks {
  /** At most this many labels a hover turns on: the hovered node's and its neighbours' first by priority. */
  hoverLabelCap: number;
  /** Partnerships (squares) are drawn at this share of their size (smaller on larger networks). */
  squareScale: number;
  /** This many visible nodes, those drawn largest, are offered a label however small they are drawn. */
  landmarkLabels: number;
}
export const DEFAULT_LOOKS: Looks = { hoverLabelCap: 30, squareScale: 1, landmarkLabels: 12 };

/** A node's label priority: the value of the measure sizes follow. */
export function labelPriority(node: string, ctx: Pick<DrawContext, "graph" | "appearance">): number {
  return ctx.appearance.sizeValues
    ? (ctx.appearance.sizeValues[node] ?? 0)
    : Number(ctx.graph.getNodeAttribute(node, "degree") ?? 0);
}

const hoverLabelCache = new WeakMap<DrawContext, ReadonlySet<string>>();

/** The nodes a hover labels: the hovered node, then its visible neighbours by priority, `cap` in all. */
export function hoverLabels(ctx: DrawContext, cap: number): ReadonlySet<string> {
  let labelled = hoverLabelCache.get(ctx);
  if (labelled) return labelled;
  const { hovered, hoverNeighbours } = ctx.highlight;
  const ranked = [...hoverNeighbours]
    .filter((n) => n !== hovered && ctx.visible.nodes.has(n))
    .map((n) => [n, labelPriority(n, ctx)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  labelled = new Set([...(hovered ? [hovered] : []), ...ranked.slice(0, Math.max(0, cap - 1)).map(([n]) => n)]);
  hoverLabelCache.set(ctx, labelled);
  return labelled;
}

const landmarkCache = new WeakMap<Visible, { key: string; appearance: Appearance; nodes: ReadonlySet<string> }>();

/** The `looks.landmarkLabels` visible nodes drawn largest (partnerships' squares at their scale; ties by label
 * priority, then id): offered a label at any size, so that a view whose nodes are all drawn small (a filter that
 * leaves only small actors) still names its largest ones. Kept per visible set and appearance: the reducers ask
 * for every node drawn. */
export function landmarks(
  ctx: Pick<DrawContext, "graph" | "appearance" | "visible" | "sizeMax">,
  looks: Pick<Looks, "landmarkLabels" | "squareScale">,
): ReadonlySet<string> {
  const key = `${looks.landmarkLabels}:${looks.squareScale}:${ctx.sizeMax}`;
  const kept = landmarkCache.get(ctx.visible);
  if (kept && kept.appearance === ctx.appearance && kept.key === key) return kept.nodes;
  const count = looks.landmarkLabels;
  // The top `count` in one pass: a small sorted list (the view may hold a hundred thousand nodes).
  type Entry = { node: string; size: number; priority: number };
  const top: Entry[] = [];
  const before = (a: Entry, b: Entry) =>
    a.size !== b.size ? a.size > b.size : a.priority !== b.priority ? a.priority > b.priority : a.node < b.node;
  for (const node of ctx.visible.nodes) {
    const attrs = ctx.graph.getNodeAttributes(node);
    const size = sizeOf(node, attrs, ctx) * (attrs.entity === "Partnership" ? looks.squareScale : 1);
    const entry = { node, size, priority: labelPriority(node, ctx) };
    if (top.length === count && !before(entry, top[count - 1]!)) continue;
    let i = Math.min(top.length, count - 1);
    while (i > 0 && before(entry, top[i - 1]!)) i--;
    top.splice(i, 0, entry);
    if (top.length > count) top.pop();
  }
  const nodes = new Set(top.map((e) => e.node));
  landmarkCache.set(ctx.visible, { key, appearance: ctx.appearance, nodes });
  return nodes;
}

/** A node's size before partnerships' scale: from the measure sizes follow, or its degree. */
function sizeOf(node: string, a: Data, ctx: Pick<DrawContext, "appearance" | "sizeMax">): number {
  return nodeSize(ctx.appearance.sizeValues ? (ctx.appearance.sizeValues[node] ?? 0) : (a.degree ?? 0), ctx.sizeMax);
}

/** A node as its data says it looks, before the view's state. */
export function baseNode(node: string, a: Data, ctx: Pick<DrawContext, "appearance" | "sizeMax">, out: Data): Data {
  out.size = sizeOf(node, a, ctx);
  out.color = nodeColor(a, ctx.appearance.clusters?.[node]);
  out.type = a.entity === "Partnership" ? "square" : "circle";
  if (typeof a.label === "string" && a.label.length > LONG_NAME)
    out.label = a.acronym ? a.acronym : shortLabel(a.label);
  return out;
}

/** A label the researcher asked for (hover, path, selection): drawn first, even where it runs past the edge. */
function forceLabel(data: Data): void {
  data.forceLabel = true;
  data.landmark = false;
}

/** Sigma's node reducer (it hands over a copy of the attributes, changed here in place). A hover labels at most
 * `looks.hoverLabelCap` nodes (the hovered one and its neighbours first by priority); on large networks the other
 * neighbours are highlighted without a label of their own. */
export function drawNode(node: string, data: Data, ctx: DrawContext, looks: Looks = DEFAULT_LOOKS): Data {
  if (!ctx.visible.nodes.has(node)) {
    data.hidden = true;
    return data;
  }
  baseNode(node, data, ctx, data);
  if (data.type === "square") data.size *= looks.squareScale;
  data.labelPriority = labelPriority(node, ctx);
  // Offered a label at any size; placed by priority with the others (not first, nor past the picture's edge).
  if (landmarks(ctx, looks).has(node)) {
    data.forceLabel = true;
    data.landmark = true;
  }
  const { hovered, hoverNeighbours, path } = ctx.highlight;
  const hoverFocus = !path && hovered && hoverNeighbours.has(node);
  if (hoverFocus) {
    if (hoverLabels(ctx, looks.hoverLabelCap).has(node)) forceLabel(data);
    else if (node !== ctx.selected) data.label = null;
  }
  if (ctx.large && hoverFocus) {
    data.highlighted = true;
    // The hovered node draws its own label box; its neighbours' labels are placed with the others.
    if (node !== hovered) data.haloOnly = true;
  }
  const focusSet = path ?? (hovered && !ctx.large ? hoverNeighbours : null);
  if (focusSet && !focusSet.has(node)) {
    data.color = DIM_NODE;
    data.label = "";
    data.zIndex = 0;
  } else if (focusSet) {
    data.zIndex = 1;
    if (path) forceLabel(data);
  }
  if (node === ctx.selected) {
    data.highlighted = true;
    data.haloOnly = false;
    forceLabel(data);
    data.labelPriority = 1e14;
    data.zIndex = 2;
  }
  return data;
}

/** Edges drawn even when outside the sample: the selected node's and those on a shown path. */
export function mustDraw(s: string, t: string, ctx: Pick<DrawContext, "selected" | "highlight">): boolean {
  const path = ctx.highlight.path;
  return s === ctx.selected || t === ctx.selected || (!!path && path.has(s) && path.has(t));
}

/** Sigma's edge reducer. The attribute `type` is the relationship's; Sigma's is the drawing program. */
export function drawEdge(edge: string, data: Data, ctx: DrawContext): Data {
  const relType = data.type;
  data.type = ctx.edgeProgram;
  if (!ctx.visible.edges.has(edge)) {
    data.hidden = true;
    return data;
  }
  if (ctx.drawn && !ctx.drawn.has(edge)) {
    const [s, t] = ctx.graph.extremities(edge);
    if (!mustDraw(s, t, ctx)) {
      data.hidden = true;
      return data;
    }
  }
  data.size = relType === "FUNDS" ? 1.5 : 1;
  data.color = REL_COLORS[relType as keyof typeof REL_COLORS] ?? "#999";
  const { hovered, path } = ctx.highlight;
  if (!path && (!hovered || ctx.large)) return data;
  const [s, t] = ctx.graph.extremities(edge);
  if (path && !(path.has(s) && path.has(t))) data.color = DIM_EDGE;
  else if (hovered && !ctx.large && s !== hovered && t !== hovered) data.color = DIM_EDGE;
  return data;
}
