import { describe, expect, it } from "vitest";
import { DEFAULT_STATE, decodeState, encodeState } from "../../client/src/url-state.ts";
import { transitions as T, NO_HIGHLIGHT } from "../../client/src/state/view.ts";

describe("cluster view in the URL", () => {
  it("round-trips the overview, the opened cluster and the cross-sector switch", () => {
    const state = {
      ...DEFAULT_STATE,
      filters: { ...DEFAULT_STATE.filters, sectors: ["NGO", "Government"] },
      view: "clusters" as const,
      cluster: 7,
      crossSector: true,
    };
    const search = encodeState(state);
    expect(search).toContain("view=clusters");
    expect(search).toContain("cl=7");
    expect(search).toContain("xs=1");
    expect(decodeState(search)).toEqual(state);
  });

  it("leaves the cluster parameters out when nothing is opened", () => {
    const search = encodeState({ ...DEFAULT_STATE, view: "clusters" });
    expect(search).not.toContain("cl=");
    expect(search).not.toContain("xs=");
    expect(decodeState(search).cluster).toBeUndefined();
  });

  it("opens the cluster overview on a bare address, and the graph on any other link without a view", () => {
    expect(decodeState("").view).toBe("clusters");
    expect(decodeState("?sel=unodc").view).toBe("graph");
    expect(decodeState("?view=graph").view).toBe("graph");
    expect(decodeState(encodeState(DEFAULT_STATE)).view).toBe("graph");
    expect(encodeState(decodeState(""))).toBe("?view=clusters");
  });

  it("ignores malformed cluster ids", () => {
    for (const bad of ["0", "-3", "x", "1.5", "99999999"]) expect(decodeState(`?cl=${bad}`).cluster).toBeUndefined();
    expect(decodeState("?xs=yes").crossSector).toBeUndefined();
  });

  it("opens and folds a cluster through pure transitions", () => {
    const start = { view: { ...DEFAULT_STATE, view: "clusters" as const }, highlight: NO_HIGHLIGHT };
    const opened = T.openCluster(start, 3);
    expect(opened.view.cluster).toBe(3);
    expect(start.view.cluster).toBeUndefined();
    const back = T.openCluster(opened, undefined);
    expect(encodeState(back.view)).toBe(encodeState(start.view));
    expect(T.setCrossSector(start, true).view.crossSector).toBe(true);
    expect(T.setCrossSector(start, false).view.crossSector).toBeUndefined();
  });
});
