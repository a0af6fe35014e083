/** Each step of a shortest path lists the ties joining its ends, in either direction, with their sources. */
import { describe, expect, it } from "vitest";
import { pathSteps, pathTieSources } from "../../client/src/panels/path-sources.ts";

const answer = {
  edges: [
    { source: "a", target: "b", attributes: { type: "MEMBER_OF", sources: ["https://x.org/1"], sourceTitles: ["X"] } },
    { source: "c", target: "b", attributes: { type: "FUNDS", sources: ["https://y.org/2", "https://y.org/3"] } },
    { source: "b", target: "c", attributes: { type: "PARTNERS_WITH", sources: [] } },
  ],
};

describe("path tie sources", () => {
  it("finds every tie of each step, in either direction, with its sources", () => {
    const steps = pathSteps(answer, ["a", "b", "c"]);
    expect(steps).toHaveLength(2);
    expect(steps[0]!.ties).toEqual([{ type: "MEMBER_OF", forward: true, sources: ["https://x.org/1"], titles: ["X"] }]);
    expect(steps[1]!.ties.map((t) => [t.type, t.forward, t.sources.length])).toEqual([
      ["FUNDS", false, 2],
      ["PARTNERS_WITH", true, 0],
    ]);
  });

  it("renders links, names and a note where no source is recorded, escaping names", () => {
    const out = pathTieSources(answer, ["a", "b", "c"], (id) => (id === "a" ? "<A & co>" : id.toUpperCase())).text;
    expect(out).toContain('href="https://x.org/1"');
    expect(out).toContain("[X]");
    expect(out).toContain("&lt;A &amp; co&gt; – B");
    expect(out).toContain("no source recorded");
    expect(out.match(/<li /g)).toHaveLength(2);
  });
});
