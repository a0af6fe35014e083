/**
 * Export formats, all from one graphology graph whose attributes are flat values (lists joined with " | "):
 * GEXF 1.3 (graphology-gexf's writer: Gephi reads attributes, colours, sizes and positions), GraphML (typed keys for
 * networkx, igraph and yEd; graphology has no GraphML writer, so it is written here), CSV nodes and edges zipped
 * with the metadata, graphology JSON, and a citation list of every source URL behind the exported elements.
 */
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import Graph from "graphology";
import { write as writeGexf } from "graphology-gexf";
import { safeCell } from "../../core/csv.ts";

export const FORMATS = ["gexf", "graphml", "csv", "json", "citations"] as const;
export type Format = (typeof FORMATS)[number];

export interface ExportMeta {
  dataset: string;
  version: string;
  exportedAt: string;
  /** The filters, or the query and its parameters, that selected the graph. */
  selection: Record<string, unknown>;
  /** A link that reopens the same view in the explorer. */
  link: string;
}

export const CONTENT: Record<Format, { type: string; extension: string }> = {
  gexf: { type: "application/gexf+xml", extension: "gexf" },
  graphml: { type: "application/graphml+xml", extension: "graphml" },
  csv: { type: "application/zip", extension: "zip" },
  json: { type: "application/json", extension: "json" },
  citations: { type: "text/csv", extension: "citations.csv" },
};

const xml = (s: unknown) =>
  String(s).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

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

export function toGexf(graph: Graph, meta: ExportMeta): string {
  const text = writeGexf(graph, {
    version: "1.3",
    pretty: true,
    formatNode: (key, a) => ({
      label: String(a.label ?? key),
      viz: { color: a.color, size: a.size, x: a.x, y: a.y },
      attributes: Object.fromEntries(
        Object.entries(a).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined),
      ),
    }),
    formatEdge: (_key, a) => ({
      label: String(a.type ?? ""),
      viz: { color: a.color },
      attributes: Object.fromEntries(
        Object.entries(a).filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined),
      ),
    }),
  });
  const description = `${meta.dataset} ${meta.version}; exported ${meta.exportedAt}; selection ${JSON.stringify(meta.selection)}; view ${meta.link}`;
  const metaXml = `<meta lastmodifieddate="${meta.exportedAt.slice(0, 10)}"><creator>Coalition Atlas</creator><description>${xml(description)}</description></meta>`;
  return /<meta\s*\/>/.test(text)
    ? text.replace(/<meta\s*\/>/, metaXml)
    : text.replace(/<graph /, `${metaXml}\n  <graph `);
}

export function toGraphml(graph: Graph, meta: ExportMeta): string {
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

function csvOf(rows: Record<string, unknown>[], cols: string[]): string {
  return stringify(
    rows.map((r) => cols.map((c) => safeCell(r[c] ?? ""))),
    { header: true, columns: cols },
  );
}

export function nodeRows(graph: Graph) {
  return graph.mapNodes((n, a) => ({ id: n, ...a }));
}

export function toCsvZip(graph: Graph, meta: ExportMeta): Uint8Array {
  const nodeCols = ["id", "label", ...columns(graph, "node").keys(), "x", "y"];
  const edgeCols = ["id", "source", "target", ...columns(graph, "edge").keys()];
  const nodes = csvOf(nodeRows(graph), nodeCols);
  const edges = csvOf(
    graph.mapEdges((e, a, s, t) => ({ id: e, source: s, target: t, ...a })),
    edgeCols,
  );
  return zipSync({
    "nodes.csv": strToU8(nodes),
    "edges.csv": strToU8(edges),
    "citations.csv": strToU8(toCitations(graph)),
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
export function toCitations(graph: Graph): string {
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
  return csvOf(rows, ["url", "title", "secondary", "facts", "elements"]);
}

export function render(format: Format, graph: Graph, meta: ExportMeta): string | Uint8Array {
  switch (format) {
    case "gexf":
      return toGexf(graph, meta);
    case "graphml":
      return toGraphml(graph, meta);
    case "csv":
      return toCsvZip(graph, meta);
    case "json":
      return toJson(graph, meta);
    case "citations":
      return toCitations(graph);
  }
}
