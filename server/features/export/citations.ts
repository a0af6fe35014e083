/**
 * References for reference managers: every source page behind the exported elements as a web page (its URL, the
 * site that publishes it, the date it was read and what it supports) and each dataset the elements come from as a
 * citable dataset with its version and licence, written as CSL-JSON here and as BibTeX and RIS by citation-js.
 * The dataset keeps no page titles, so a page's title is its site and path.
 */
import { Cite, plugins } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-ris";
import type Graph from "graphology";

export interface Citable {
  datasets: { id: string; name: string; version: string }[];
  exportedAt: string;
  link: string;
  licence: { id: string; url: string };
}

plugins.config.get("@bibtex").format.useIdAsLabel = true;

const dateParts = (iso: string) => ({ "date-parts": [iso.slice(0, 10).split("-").map(Number)] });

/** Every source URL with the elements it supports (labels) and the latest date it was read. */
export function sourcesOf(graph: Graph) {
  const uses = new Map<string, { elements: string[]; retrieved: string }>();
  const add = (sources: unknown, retrieved: unknown, element: string) => {
    for (const url of String(sources ?? "")
      .split(" | ")
      .filter(Boolean)) {
      const use = uses.get(url) ?? uses.set(url, { elements: [], retrieved: "" }).get(url)!;
      use.elements.push(element);
      const day = String(retrieved ?? "");
      if (/^\d{4}-\d{2}-\d{2}/.test(day) && day > use.retrieved) use.retrieved = day.slice(0, 10);
    }
  };
  const label = (n: string) => String(graph.getNodeAttribute(n, "label") ?? n);
  graph.forEachNode((n, a) => add(a.sources, a.retrieved, label(n)));
  graph.forEachEdge((_e, a, s, t) => add(a.sources, a.retrieved, `${label(s)} ${String(a.type)} ${label(t)}`));
  return [...uses.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** CSL-JSON items: the datasets first, then one web page per source URL. */
export function cslItems(graph: Graph, meta: Citable): Record<string, unknown>[] {
  const origin = /^https?:\/\/[^/]+/.exec(meta.link)?.[0] ?? meta.link;
  const datasets = meta.datasets.map((d) => ({
    id: `dataset-${d.id}`,
    type: "dataset",
    title: d.name,
    version: d.version,
    publisher: "Coalition Atlas",
    author: [{ literal: "Coalition Atlas contributors" }],
    issued: /^\d{4}\.\d{1,2}/.test(d.version)
      ? { "date-parts": [d.version.split(".").slice(0, 2).map(Number)] }
      : dateParts(meta.exportedAt),
    accessed: dateParts(meta.exportedAt),
    URL: origin,
    note: `Version ${d.version}; licence ${meta.licence.id} (${meta.licence.url})`,
  }));
  const pages = sourcesOf(graph).map(([url, use], i) => {
    let site = url;
    let title = url;
    try {
      const u = new URL(url);
      site = u.hostname;
      title = `${u.hostname}${u.pathname === "/" ? "" : decodeURI(u.pathname)}`;
    } catch {
      /* not a URL: kept as written */
    }
    const shown = use.elements.slice(0, 5).join("; ");
    return {
      id: `source-${i + 1}`,
      type: "webpage",
      title,
      "container-title": site,
      publisher: site,
      URL: url,
      ...(use.retrieved ? { accessed: dateParts(use.retrieved) } : {}),
      note: `Source for ${use.elements.length} fact(s): ${shown}${use.elements.length > 5 ? "; …" : ""}`,
    };
  });
  return [...datasets, ...pages];
}

export const toCslJson = (graph: Graph, meta: Citable) => JSON.stringify(cslItems(graph, meta), null, 2);
export const toBibtex = (graph: Graph, meta: Citable) => new Cite(cslItems(graph, meta)).format("bibtex");
export const toRis = (graph: Graph, meta: Citable) => new Cite(cslItems(graph, meta)).format("ris");
