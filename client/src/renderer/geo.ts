/**
 * The geographic view: actors placed at their headquarters country (spread on a small spiral within it), drawn over
 * country shapes (map-layer.ts, loaded when the map is first shown). Partnerships without a seat sit in a row below
 * the map. Coordinates are longitude / latitude, so the layer and the nodes share one frame.
 */
import type Graph from "graphology";

export interface CountryInfo {
  id: string;
  ccn3: string;
  lat: number;
  lng: number;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));
export const WORLD_BBOX = { x: [-180, 180] as [number, number], y: [-90, 90] as [number, number] };

/** Target positions on the map for every node: longitude as x, latitude as y. Pure. */
export function mapPositions(graph: Graph, countries: CountryInfo[]): Record<string, { x: number; y: number }> {
  const centroid = new Map(countries.map((c) => [c.id, c]));
  const seen = new Map<string, number>();
  const out: Record<string, { x: number; y: number }> = {};
  let unplaced = 0;
  graph.forEachNode((n, a) => {
    const c = a.country ? centroid.get(a.country) : undefined;
    if (!c) {
      out[n] = { x: -170 + (unplaced % 60) * 5.5, y: -70 - Math.floor(unplaced / 60) * 4 };
      unplaced++;
      return;
    }
    const i = seen.get(c.id) ?? 0;
    seen.set(c.id, i + 1);
    const r = 0.9 * Math.sqrt(i);
    out[n] = { x: c.lng + r * Math.cos(i * GOLDEN), y: c.lat + r * Math.sin(i * GOLDEN) };
  });
  return out;
}
