/**
 * Export formats, all from one graphology graph whose attributes are flat values (lists joined with " | "):
 * GEXF 1.3 (graphology-gexf's writer: Gephi reads attributes, colours as r/g/b, sizes and positions; every edge
 * carries its relationship type as its `kind`, so Gephi keeps parallel relationships apart), GraphML (typed keys
 * for networkx, igraph and yEd; graphology has no GraphML writer, so it is written here), CSV nodes and edges
 * zipped with the metadata (endpoint columns first, as R's igraph and tidygraph expect), graphology JSON, and the
 * sources behind the exported elements as a CSV list or as BibTeX, RIS and CSL-JSON references (see citations.ts).
 * Both XML formats are well-formed whatever text is stored: characters XML 1.0 does not allow become U+FFFD.
 */
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import Graph from "graphology";
import { write as writeGexf } from "graphology-gexf";
import { safeCell } from "../../core/csv.ts";
import { toBibtex, toCslJson, toRis, type Citable } from "./citations.ts";

export const FORMATS = ["gexf", "graphml", "csv", "json", "citations", "bibtex", "ris", "csl-json"] as const;
export type Format = (typeof FORMATS)[number];

/** The curated dataset's licence (DATA.md); every export states it. */
export const DATA_LICENCE = {
  id: "CC-BY-4.0",
  name: "Creative Commons Attribution 4.0 International",
  url: "https://creativecommons.org/licenses/by/4.0/",
} as const;

export interface ExportMeta {
  dataset: string;
  version: string;
  exportedAt: string;
  /** The filters, or the query and its parameters, that selected the graph. */
  selection: Record<string, unknown>;
  /** A link that reopens the same view in the explorer. */
  link: string;
  /** The data's licence. */
  licence: { id: string; name: string; url: string; applies: string };
  /** Whether nodes carry layout positions (x, y), and why not when they do not. */
  positions: { present: boolean; reason?: string };
  /** The datasets the exported elements come from, each with its version: the dataset as a citable item. */
  datasets: Citable["datasets"];
}

export const CONTENT: Record<Format, { type: string; extension: string }> = {
  gexf: { type: "application/gexf+xml", extension: "gexf" },
  graphml: { type: "application/graphml+xml", extension: "graphml" },
  csv: { type: "application/zip", extension: "zip" },
  json: { type: "application/json", extension: "json" },
  citations: { type: "text/csv; charset=utf-8", extension: "citations.csv" },
  bibtex: { type: "application/x-bibtex; charset=utf-8", extension: "bib" },
  ris: { type: "application/x-research-info-systems", extension: "ris" },
  "csl-json": { type: "application/vnd.citationstyles.csl+json", extension: "csl.json" },
};

/** Options of the text formats: a UTF-8 byte-order mark first in every CSV file, for spreadsheets. */
export interface RenderOptions {
  bom?: boolean;
}

/** Characters outside XML 1.0's `Char` production (control characters, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text that an XML 1.0 document may hold: characters XML does not allow become U+FFFD. */
export const xmlText = (s: string) => s.replace(NOT_XML_CHAR, "\uFFFD");

const xml = (s: unknown) =>
  xmlText(String(s)).replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** A copy of the graph whose keys, attribute names and text values are all allowed in XML 1.0. */
export function xmlSafeGraph(graph: Graph): Graph {
  const clean = (a: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [xmlText(k), typeof v === "string" ? xmlText(v) : v]));
  const out = new Graph({ type: graph.type, multi: graph.multi });
  const keyOf = new Map<string, string>();
  const taken = new Set<string>();
  const unique = (k: string) => {
    let key = xmlText(k);
    for (let i = 2; taken.has(key); i++) key = `${xmlText(k)}~${i}`;
    taken.add(key);
    return key;
  };
  graph.forEachNode((n, a) => {
    const key = unique(n);
    keyOf.set(n, key);
    out.addNode(key, clean(a));
  });
  taken.clear();
  graph.forEachEdge((e, a, s, t) => {
    out.addEdgeWithKey(unique(e), keyOf.get(s)!, keyOf.get(t)!, clean(a));
  });
  return out;
}

/** `#rrggbb` as the `rgb(r, g, b)` form the GEXF writer turns into r/g/b attributes, which every reader accepts. */
const rgb = (color: unknown) => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(color ?? ""));
  return m ? `rgb(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)})` : undefined;
};

/** The metadata in one line, for formats whose metadata is a single description. */
export function describe(meta: ExportMeta): string {
  return (
    `${meta.dataset} ${meta.version}; exported ${meta.exportedAt}; licence ${meta.licence.id} (${meta.licence.url}) ` +
    `for ${meta.licence.applies}; positions ${meta.positions.present ? "present" : `absent: ${meta.positions.reason}`}; ` +
    `selection ${JSON.stringify(meta.selection)}; view ${meta.link}`
  );
}

/** Attributes written as columns, in a stable order; internal drawing attributes are not data. */
const HIDDEN = new Set(["x", "y", "size", "color", "label"]);

function columns(graph: Graph, kind: "node" | "edge"): Map<string, "string" | "int" | "double" | "boolean"> {
  const types = new Map<string, "string" | "int" | "double" | "boolean">();
  const see = (a: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(a)) {
      if (HIDDEN.has(k) || v === null || v === undefined) continue;
      const t =
        typeof v === "boolean"
          ? "boolean"
          : typeof v === "number"
            ? Number.isInteger(v)
              ? "int"
              : "double"
            : "string";
      const prev = types.get(k);
      types.set(
        k,
        !prev || prev === t
          ? t
          : prev === "int" && t === "double"
            ? "double"
            : t === "int" && prev === "double"
              ? "double"
              : "string",
      );
    }
  };
  if (kind === "node") graph.forEachNode((_n, a) => see(a));
  else graph.forEachEdge((_e, a) => see(a));
  return new Map([...types.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function toGexf(source: Graph, meta: ExportMeta): string {
  const graph = xmlSafeGraph(source);
  const text = writeGexf(graph, {
    version: "1.3",
    pretty: true,
    formatNode: (key, a) => ({
      label: String(a.label ?? key),
      viz: {
        color: rgb(a.color),
        size: a.size,
        ...(typeof a.x === "number" && typeof a.y === "number" ? { x: a.x, y: a.y } : {}),
      },
      attributes: Object.fromEntries(
        Object.entries(a).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined),
      ),
    }),
    formatEdge: (_key, a) => ({
      label: String(a.type ?? ""),
      // Gephi merges edges between the same two nodes unless their kinds differ: the relationship type is the kind.
      kind: String(a.type ?? ""),
      viz: { color: rgb(a.color) },
      attributes: Object.fromEntries(
        Object.entries(a).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined),
      ),
    }),
  });
  const metaXml =
    `<meta lastmodifieddate="${meta.exportedAt.slice(0, 10)}"><creator>Coalition Atlas</creator>` +
    `<keywords>${xml(`licence ${meta.licence.id}`)}</keywords><description>${xml(describe(meta))}</description></meta>`;
  // The GEXF RelaxNG grammar allows no xsi:schemaLocation on the root element.
  const valid = text.replace(/\s+xmlns:xsi="[^"]*"/, "").replace(/\s+xsi:schemaLocation="[^"]*"/, "");
  return /<meta\s*\/>/.test(valid)
    ? valid.replace(/<meta\s*\/>/, metaXml)
    : valid.replace(/<meta>[\s\S]*?<\/meta>/, metaXml);
}

export function toGraphml(source: Graph, meta: ExportMeta): string {
  const graph = xmlSafeGraph(source);
  const nodeCols = columns(graph, "node");
  const edgeCols = columns(graph, "edge");
  const keyId = (kind: string, name: string) => `${kind}_${name}`;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [k] of Object.entries(meta))
    out.push(`  <key id="g_${k}" for="graph" attr.name="${xml(k)}" attr.type="string"/>`);
  for (const k of ["label", "x", "y", "size", "color"]) {
    const t = k === "label" || k === "color" ? "string" : "double";
    out.push(`  <key id="${keyId("n", k)}" for="node" attr.name="${k}" attr.type="${t}"/>`);
  }
  for (const [k, t] of nodeCols)
    out.push(`  <key id="${keyId("n", k)}" for="node" attr.name="${xml(k)}" attr.type="${t}"/>`);
  for (const [k, t] of edgeCols)
    out.push(`  <key id="${keyId("e", k)}" for="edge" attr.name="${xml(k)}" attr.type="${t}"/>`);
  out.push(`  <graph id="G" edgedefault="${graph.type === "undirected" ? "undirected" : "directed"}">`);
  for (const [k, v] of Object.entries(meta))
    out.push(`    <data key="g_${k}">${xml(typeof v === "string" ? v : JSON.stringify(v))}</data>`);
  const data = (kind: string, a: Record<string, unknown>, keys: Iterable<string>) =>
    [...keys]
      .filter((k) => a[k] !== null && a[k] !== undefined)
      .map((k) => `<data key="${keyId(kind, k)}">${xml(a[k])}</data>`)
      .join("");
  graph.forEachNode((n, a) => {
    out.push(
      `    <node id="${xml(n)}">${data("n", a, ["label", "x", "y", "size", "color"])}${data("n", a, nodeCols.keys())}</node>`,
    );
  });
  graph.forEachEdge((e, a, s, t) => {
    out.push(`    <edge id="${xml(e)}" source="${xml(s)}" target="${xml(t)}">${data("e", a, edgeCols.keys())}</edge>`);
  });
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}

function csvOf(rows: Record<string, unknown>[], cols: string[], opts: RenderOptions = {}): string {
  return (
    (opts.bom ? "\uFEFF" : "") +
    stringify(
      rows.map((r) => cols.map((c) => safeCell(r[c] ?? ""))),
      { header: true, columns: cols },
    )
  );
}

export function nodeRows(graph: Graph) {
  return graph.mapNodes((n, a) => ({ id: n, ...a }));
}

/** Column order of the CSV files: identifiers first (R's igraph and tidygraph read the first two columns of an edge
 * list as its endpoints, and the first column of a vertex list as the names), then the data, then the drawing. */
export function csvColumns(graph: Graph) {
  const edgeData = [...columns(graph, "edge").keys()].filter((c) => c !== "type");
  return {
    nodes: ["id", "label", ...columns(graph, "node").keys(), "x", "y", "size", "color"],
    edges: ["source", "target", "type", "id", ...edgeData, "color"],
  };
}

export function toCsvZip(graph: Graph, meta: ExportMeta, opts: RenderOptions = {}): Uint8Array {
  const cols = csvColumns(graph);
  const nodes = csvOf(nodeRows(graph), cols.nodes, opts);
  const edges = csvOf(
    graph.mapEdges((e, a, s, t) => ({ ...a, id: e, source: s, target: t })),
    cols.edges,
    opts,
  );
  return zipSync({
    "nodes.csv": strToU8(nodes),
    "edges.csv": strToU8(edges),
    "citations.csv": strToU8(toCitations(graph, opts)),
    "metadata.json": strToU8(JSON.stringify(meta, null, 2)),
  });
}

export function toJson(graph: Graph, meta: ExportMeta): string {
  const data = graph.export();
  return JSON.stringify({ ...data, attributes: { ...data.attributes, ...meta } });
}

/**
 * Every source URL behind the exported elements, with its page title where the dataset records one, how many facts
 * it supports and which elements, and the kind of secondary source when every element citing it is marked secondary.
 */
export function toCitations(graph: Graph, opts: RenderOptions = {}): string {
  const uses = new Map<string, { elements: Set<string>; title: string; secondary: Set<string> }>();
  const split = (v: unknown) => (v === undefined || v === null || v === "" ? [] : String(v).split(" | "));
  const add = (a: Record<string, unknown>, element: string) => {
    const titles = split(a.sourceTitles);
    split(a.sources).forEach((url, i) => {
      const use = uses.get(url) ?? uses.set(url, { elements: new Set(), title: "", secondary: new Set() }).get(url)!;
      use.elements.add(element);
      if (!use.title && titles[i]) use.title = titles[i];
      use.secondary.add(a.secondary ? String(a.secondary) : "");
    });
  };
  graph.forEachNode((n, a) => add(a, n));
  graph.forEachEdge((e, a) => add(a, e));
  const rows = [...uses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([url, use]) => ({
      url,
      title: use.title,
      secondary: use.secondary.has("") ? "" : [...use.secondary].join(" "),
      facts: use.elements.size,
      elements: [...use.elements].slice(0, 20).join(" "),
    }));
  return csvOf(rows, ["url", "title", "secondary", "facts", "elements"], opts);
}

export function render(format: Format, graph: Graph, meta: ExportMeta, opts: RenderOptions = {}): string | Uint8Array {
  switch (format) {
    case "gexf":
      return toGexf(graph, meta);
    case "graphml":
      return toGraphml(graph, meta);
    case "csv":
      return toCsvZip(graph, meta, opts);
    case "json":
      return toJson(graph, meta);
    case "citations":
      return toCitations(graph, opts);
    case "bibtex":
      return toBibtex(graph, meta);
    case "ris":
      return toRis(graph, meta);
    case "csl-json":
      return toCslJson(graph, meta);
  }
}
