/** The exported figure's caption says what the view shows, in the words the data exports' metadata uses. */
import { describe, expect, it } from "vitest";
import { NO_FILTERS } from "../../shared/filters.ts";
import { describeView } from "../../shared/view-scope.ts";
import { figureCaption } from "../../client/src/renderer/figure-caption.ts";
import { DEFAULT_STATE, type ViewState } from "../../client/src/url-state.ts";

const names: Record<string, string> = {
  "la-strada-international": "La Strada International",
  unodc: "UNODC",
  ilo: "ILO",
};
const name = (id: string) => names[id] ?? id;
const link = "http://127.0.0.1/?view=graph";
const date = new Date("2026-03-04T10:00:00Z");

describe("figure caption", () => {
  it("names the ego focus and the filters, as the GraphML and GEXF description does", () => {
    const s: ViewState = {
      ...DEFAULT_STATE,
      filters: { ...NO_FILTERS, sectors: ["NGO"], focus: { id: "la-strada-international", depth: 2 } },
    };
    const c = figureCaption(s, { name, link, date });
    expect(c.title).toBe(`Coalition Atlas: ${describeView(s.filters, name)}`);
    expect(c.title).toContain("2 steps around La Strada International");
    expect(c.title).toMatch(/^Coalition Atlas: NGO · /);
    expect(c.lines.at(-1)).toBe(`Coalition Atlas, 2026-03-04. View: ${link}`);
    expect(c.lines.join(" ")).toContain("Colours: sectors");
  });

  it("names a highlighted path with its ends and the number of nodes it shows", () => {
    const s: ViewState = { ...DEFAULT_STATE, path: { from: "unodc", to: "ilo", maxHops: 3 } };
    const c = figureCaption(s, { name, link, date, shown: 4 });
    expect(c.title).toBe("Coalition Atlas: the 4 nodes highlighted");
    expect(c.lines[0]).toBe("Highlighted: shortest paths from UNODC to ILO (at most 3 steps).");
  });

  it("names a highlighted query result, and colours by cluster", () => {
    const s: ViewState = {
      ...DEFAULT_STATE,
      colorBy: "cluster",
      size: "pagerank",
      query: { name: "cross-sector-brokers", params: {} },
    };
    const c = figureCaption(s, { name, link, date, shown: 12 });
    expect(c.title).toContain("the 12 nodes highlighted");
    expect(c.lines[0]).toBe("Highlighted: the result of the library query 'cross-sector-brokers'.");
    expect(c.lines[1]).toBe("Colours: clusters (Louvain); size: PageRank.");
  });

  it("says the whole network when nothing narrows it, and no highlight line without one", () => {
    const c = figureCaption({ ...DEFAULT_STATE, query: { name: "x", params: {} } }, { link, date });
    expect(c.title).toBe("Coalition Atlas: the whole network");
    expect(c.lines.some((l) => l.startsWith("Highlighted"))).toBe(false);
  });
});
