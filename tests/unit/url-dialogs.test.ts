/** The comparison of two actors and an actor's profile live in the URL, so a reload or a link reopens them. */
import { describe, expect, it } from "vitest";
import { decodeState, DEFAULT_STATE, encodeState } from "../../client/src/url-state.ts";

describe("URL state: comparison and profile", () => {
  it("round-trips the compared pair and the profiled actor with the rest of the view", () => {
    const s = { ...DEFAULT_STATE, selected: "unodc", compare: ["unodc", "ilo"] as [string, string], profile: "iom" };
    const q = encodeState(s);
    expect(q).toContain("cmp=unodc,ilo");
    expect(q).toContain("profile=iom");
    expect(decodeState(q)).toEqual(s);
  });

  it("drops a malformed pair or profile rather than breaking the page", () => {
    for (const bad of ["cmp=unodc", "cmp=unodc,unodc", "cmp=UN ODC,ilo", "cmp=a,b,c"])
      expect(decodeState(`?view=graph&${bad}`).compare, bad).toBeUndefined();
    expect(decodeState("?view=graph&profile=<script>").profile).toBeUndefined();
    expect(encodeState(DEFAULT_STATE)).not.toMatch(/cmp|profile/);
  });
});
