import { describe, expect, it } from "vitest";
import { AnswerCache } from "../../server/features/graph/answer-cache.ts";

const counting = () => {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    make: (body: string) => async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return body;
    },
  };
};

describe("answer cache", () => {
  it("computes an answer once and serves it again", async () => {
    const cache = new AnswerCache(1000);
    const c = counting();
    expect(await cache.get("a", c.make("first"))).toBe("first");
    expect(await cache.get("a", c.make("second"))).toBe("first");
    expect(c.calls).toBe(1);
    expect([cache.hits, cache.misses, cache.size]).toEqual([1, 1, 5]);
  });

  it("lets concurrent requests for the same key share one computation", async () => {
    const cache = new AnswerCache(1000);
    const c = counting();
    const answers = await Promise.all([1, 2, 3, 4].map(() => cache.get("k", c.make("body"))));
    expect(answers).toEqual(["body", "body", "body", "body"]);
    expect(c.calls).toBe(1);
  });

  it("returns but does not keep answers marked keep: false", async () => {
    const cache = new AnswerCache(1000);
    expect(await cache.get("k", async () => ({ body: "partial", keep: false as const }))).toBe("partial");
    expect(await cache.get("k", async () => "full")).toBe("full");
    expect(await cache.get("k", async () => "other")).toBe("full");
  });

  it("forgets a failed computation so the next request tries again", async () => {
    const cache = new AnswerCache(1000);
    await expect(
      cache.get("k", async () => {
        throw new Error("database down");
      }),
    ).rejects.toThrow("database down");
    expect(cache.count).toBe(0);
    expect(await cache.get("k", async () => "back")).toBe("back");
  });

  it("evicts the least recently used answers beyond its byte budget", async () => {
    const cache = new AnswerCache(10);
    await cache.get("a", async () => "aaaa");
    await cache.get("b", async () => "bbbb");
    await cache.get("a", async () => "unused"); // a is now the most recently used
    await cache.get("c", async () => "cccc"); // 12 > 10: b goes
    expect(cache.size).toBe(8);
    expect(await cache.get("a", async () => "recomputed")).toBe("aaaa");
    expect(await cache.get("b", async () => "recomputed")).toBe("recomputed");
  });

  it("does not keep an answer larger than the whole budget", async () => {
    const cache = new AnswerCache(3);
    expect(await cache.get("big", async () => "too large")).toBe("too large");
    expect(cache.size).toBe(0);
    expect(cache.count).toBe(0);
  });

  it("holds at most its number of entries", async () => {
    const cache = new AnswerCache(1000, 2);
    for (const k of ["a", "b", "c"]) await cache.get(k, async () => k);
    expect(cache.count).toBe(2);
    expect(await cache.get("a", async () => "again")).toBe("again");
  });
});
