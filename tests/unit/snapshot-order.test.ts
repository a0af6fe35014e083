/**
 * The snapshot's canonical tie order (by source, target, type and years) from a counting sort by source and small
 * sorts per source, against one comparison sort of every tie.
 */
import { describe, expect, it } from "vitest";
import { canonicalOrder } from "../../server/features/analytics/snapshot.ts";

function random(seed: number) {
  let x = seed;
  return (k: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % k;
  };
}

describe("canonical tie order", () => {
  it.each([
    [1, 0],
    [5, 40],
    [300, 5_000],
    [2_000, 60_000],
  ])("orders %i nodes' %i ties as one full sort does", (n, m) => {
    const r = random(n + m);
    const source = Int32Array.from({ length: m }, () => r(n));
    // Few targets, types and years, so that ties often agree on the first keys.
    const target = Int32Array.from({ length: m }, () => r(Math.min(n, 7)));
    const type = Uint8Array.from({ length: m }, () => r(3));
    const since = Int16Array.from({ length: m }, () => (r(2) ? 0 : 2000 + r(3)));
    const until = Int16Array.from({ length: m }, () => (r(2) ? 0 : 2010 + r(3)));
    const order = canonicalOrder(n, m, source, target, type, since, until);
    const reference = Array.from({ length: m }, (_, e) => e).sort(
      (e, f) =>
        source[e]! - source[f]! ||
        target[e]! - target[f]! ||
        type[e]! - type[f]! ||
        since[e]! - since[f]! ||
        until[e]! - until[f]!,
    );
    // Equal ties may come in either order: compare the keys each position holds.
    const keys = (o: ArrayLike<number>) =>
      Array.from(o, (e) => [source[e], target[e], type[e], since[e], until[e]].join(","));
    expect(keys(order)).toEqual(keys(reference));
    expect(new Set(order).size).toBe(m);
  });
});
