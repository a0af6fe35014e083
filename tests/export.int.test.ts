/** Exports of the curated dataset, read back with independent parsers: same nodes, edges, attributes and sources. */
import { parse as parseCsv } from "csv-parse/sync";
import { unzipSync, strFromU8 } from "fflate";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { DOMParser } from "@xmldom/xmldom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "../seed/dataset.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
let reference: Graph;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
  // Exports carry the layout's positions once it is computed (a view answered earlier goes without).
  await layoutReady(api);
  reference = Graph.from((await api.get("/api/graph?limit=200000")).body);
});
afterAll(async () => {
  await api.close();
});

const download = async (query: string) => {
  const res = await fetch(`${api.url}/api/export?${query}`);
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((t) => t.slice(0, 200)),
  ).toBe(200);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("export", () => {
  it("writes GEXF 1.3 that a GEXF parser reads back with attributes, colours, sizes, positions and sources", async () => {
    const { res, bytes } = await download("format=gexf&include=pagerank,community");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="?coalition-atlas-.*\.gexf"?/);
    const xml = text(bytes);
    expect(xml).toContain('version="1.3"');
    expect(xml.match(/<meta[\s>]/g)).toHaveLength(1);
    const g = parseGexf(Graph, new DOMParser().parseFromString(xml, "application/xml") as never);
    expect(g.order).toBe(reference.order);
    expect(g.size).toBe(reference.size);
    const node = g.nodes().find((n) => g.getNodeAttribute(n, "entity") === "Actor")!;
    const a = g.getNodeAttributes(node);
    expect(a.sources).toMatch(/^https?:\/\//);
    expect(typeof a.pagerank).toBe("number");
    expect(a.community).toBeDefined();
    expect(a.color).toMatch(/^rgb|^#/);
    expect(typeof a.x).toBe("number");
    g.forEachEdge((_e, ea) => expect(String(ea.sources)).toMatch(/^https?:\/\//));
  });

  it("writes GraphML with typed keys that a GraphML parser reads back", async () => {
    const xml = text((await download("format=graphml")).bytes);
    expect(xml).toMatch(/attr.name="degree" attr.type="int"/);
    expect(xml).toMatch(/attr.name="sources" attr.type="string"/);
    const g = parseGraphml(Graph, new DOMParser().parseFromString(xml, "application/xml") as never);
    expect(g.order).toBe(reference.order);
    expect(g.size).toBe(reference.size);
    const some = reference.nodes()[0]!;
    expect(g.getNodeAttribute(some, "label")).toBe(reference.getNodeAttribute(some, "label"));
  });

  it("serves GEXF and GraphML with their registered media types", async () => {
    expect((await download("format=gexf")).res.headers.get("content-type")).toMatch(/^application\/gexf\+xml/);
    expect((await download("format=graphml")).res.headers.get("content-type")).toMatch(/^application\/graphml\+xml/);
  });

  it("writes GEXF colours as r/g/b and each relationship's type as its edge kind", async () => {
    const xml = text((await download("format=gexf")).bytes);
    expect(xml).not.toMatch(/<viz:color hex=/);
    expect(xml).toMatch(/<viz:color r="\d+" g="\d+" b="\d+"\/>/);
    expect(xml.match(/<edge /g)).toHaveLength(reference.size);
    const kinds = xml.match(/<edge [^\n]* kind="(MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF)"/g);
    expect(kinds).toHaveLength(reference.size);
  });

  it("carries positions in every export once the layout is ready, also after the data version is read again", async () => {
    // The data version is cached for two seconds; an export that had to read it again used to lose the race
    // against a zero-length wait for the (long ready) layout and went without positions.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 2100));
      const { res, bytes } = await download("format=json&sector=NGO");
      expect(res.headers.get("x-atlas-positions")).toBe("present");
      const g = JSON.parse(text(bytes));
      expect(g.attributes.positions).toEqual({ present: true });
      for (const n of g.nodes) expect(typeof n.attributes.x).toBe("number");
    }
  });

  it("says in the metadata and a header why an export made before the layout is ready has no positions", async () => {
    const fresh = await startServer({ LAYOUT_CACHE_DIR: "off", EXPORT_LAYOUT_WAIT_MS: "0" });
    try {
      const res = await fetch(`${fresh.url}/api/export?format=json&sector=NGO`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-atlas-positions")).toMatch(/^absent; the layout of the whole network is still/);
      const g = await res.json();
      expect(g.attributes.positions.present).toBe(false);
      expect(g.attributes.positions.reason).toMatch(/still being computed/);
      for (const n of g.nodes) expect(n.attributes.x).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });

  it("states the data licence in every format's metadata", async () => {
    expect(JSON.parse(text((await download("format=json")).bytes)).attributes.licence).toMatchObject({
      id: "CC-BY-4.0",
    });
    expect(text((await download("format=gexf")).bytes)).toMatch(/<description>[^<]*licence CC-BY-4\.0/);
    expect(text((await download("format=graphml")).bytes)).toMatch(/<data key="g_licence">[^<]*CC-BY-4\.0/);
    const meta = JSON.parse(strFromU8(unzipSync((await download("format=csv")).bytes)["metadata.json"]!));
    expect(meta.licence.id).toBe("CC-BY-4.0");
  });

  it("puts the two endpoint columns first in edges.csv (R's igraph and tidygraph) and can add a byte-order mark", async () => {
    const plain = unzipSync((await download("format=csv")).bytes);
    expect(strFromU8(plain["edges.csv"]!)).toMatch(/^source,target,type,id,/);
    expect(strFromU8(plain["nodes.csv"]!)).toMatch(/^id,label,/);
    const excel = unzipSync((await download("format=csv&bom=true")).bytes);
    for (const f of ["nodes.csv", "edges.csv", "citations.csv"]) {
      expect([...excel[f]!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(plain[f]![0]).not.toBe(0xef);
    }
  });

  it("zips CSV nodes, edges, citations and metadata that a CSV parser reads with the same counts", async () => {
    const files = unzipSync((await download("format=csv")).bytes);
    expect(Object.keys(files).sort()).toEqual(["citations.csv", "edges.csv", "metadata.json", "nodes.csv"]);
    const nodes = parseCsv(strFromU8(files["nodes.csv"]!), { columns: true }) as Record<string, string>[];
    const edges = parseCsv(strFromU8(files["edges.csv"]!), { columns: true }) as Record<string, string>[];
    expect(nodes).toHaveLength(reference.order);
    expect(edges).toHaveLength(reference.size);
    for (const cell of nodes.flatMap((r) => Object.values(r))) expect(cell).not.toMatch(/^[=+@]/);
    const meta = JSON.parse(strFromU8(files["metadata.json"]!));
    expect(meta).toMatchObject({ version: expect.stringContaining("curated") });
    expect(meta.link).toMatch(/^http/);
  });

  it("exports graphology JSON with metadata, and only the scoped part when filtered", async () => {
    const all = JSON.parse(text((await download("format=json")).bytes));
    expect(Graph.from(all).order).toBe(reference.order);
    expect(all.attributes).toHaveProperty("exportedAt");
    const ngo = JSON.parse(text((await download("format=json&sector=NGO")).bytes));
    expect(ngo.nodes.length).toBeLessThan(all.nodes.length);
    expect(ngo.attributes.selection.filters).toEqual({ sector: ["NGO"] });
    expect(ngo.attributes.link).toContain("sector=NGO");
  });

  it("lists every source URL behind the exported elements", async () => {
    const rows = parseCsv(text((await download("format=citations")).bytes), { columns: true }) as { url: string }[];
    const urls = new Set(rows.map((r) => r.url));
    const detail = (await api.get(`/api/nodes/${reference.nodes()[0]}`)).body;
    for (const u of detail.node.sources) expect(urls.has(u)).toBe(true);
  });

  it("gives each cited page its recorded title, and marks pages cited only by secondary-source records", async () => {
    const ds = readDataset(DATA_DIR);
    const rows = parseCsv(text((await download("format=citations")).bytes), { columns: true }) as Record<
      string,
      string
    >[];
    const byUrl = new Map(rows.map((r) => [r.url, r]));
    const titled = ds.relationships.find((r) => r.sourceTitles.some(Boolean))!;
    const i = titled.sourceTitles.findIndex(Boolean);
    expect(byUrl.get(titled.sources[i]!)?.title).toBe(titled.sourceTitles[i]);
    const records = [...ds.entities, ...ds.relationships];
    const onlySecondary = records.find(
      (r) => r.secondary && records.every((x) => !x.sources.includes(r.sources[0]!) || x.secondary === r.secondary),
    )!;
    expect(byUrl.get(onlySecondary.sources[0]!)?.secondary).toBe(onlySecondary.secondary);
    const primary = records.find((r) => !r.secondary)!;
    expect(byUrl.get(primary.sources[0]!)?.secondary).toBe("");
  });

  it("writes references for reference managers: one per source and the dataset with its version", async () => {
    const urls = new Set(
      (
        parseCsv(text((await download("format=citations&sector=NGO")).bytes), { columns: true }) as { url: string }[]
      ).map((r) => r.url),
    );
    const csl = JSON.parse(text((await download("format=csl-json&sector=NGO")).bytes)) as Record<string, any>[];
    const pages = csl.filter((i) => i.type === "webpage");
    expect(new Set(pages.map((p) => p.URL))).toEqual(urls);
    for (const p of pages) {
      expect(p.title).toBeTruthy();
      expect(p["container-title"]).toBe(new URL(p.URL).hostname);
      expect(p.accessed["date-parts"][0]).toHaveLength(3);
    }
    const dataset = csl.find((i) => i.type === "dataset")!;
    expect(dataset).toMatchObject({ id: "dataset-curated", version: expect.stringMatching(/^\d{4}\.\d+/) });
    expect(dataset.note).toContain("CC-BY-4.0");
    const { res, bytes } = await download("format=bibtex&sector=NGO");
    expect(res.headers.get("content-type")).toMatch(/^application\/x-bibtex/);
    const bib = text(bytes);
    expect(bib.match(/^@misc\{source\d+,/gm)).toHaveLength(urls.size);
    expect(bib).toMatch(/@\w+\{datasetcurated,/);
    const ris = text((await download("format=ris&sector=NGO")).bytes);
    expect(ris.match(/^TY {2}- ELEC$/gm)).toHaveLength(urls.size);
    expect(ris).toMatch(/^TY {2}- DATA$/m);
    expect(ris).toMatch(/^ET {2}- \d{4}\.\d+/m);
  });

  it("exports a library query's result, and rejects a bad format", async () => {
    const res = await fetch(`${api.url}/api/export`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ format: "json", name: "most-connected", params: { sector: "NGO" } }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.nodes.length).toBeGreaterThan(0);
    expect(body.attributes.selection.query).toBe("most-connected");
    expect(body.attributes.selection.params).toMatchObject({ sector: "NGO" });
    expect(body.attributes.positions).toEqual({ present: true });
    for (const n of body.nodes) expect(typeof n.attributes.x).toBe("number");
    expect(body.attributes.licence.id).toBe("CC-BY-4.0");
    const bad = await api.get("/api/export?format=pdf");
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe("format");
  });
});
