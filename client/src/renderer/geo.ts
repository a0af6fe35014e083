/**
 * The geographic view: actors placed at their headquarters country (spread on a small spiral within it), drawn over
 * country shapes (map-layer.ts, loaded when the map is first shown). Actors and partnerships without a country sit
 * in a labelled "no location" box in the Pacific, where no country is. Coordinates are longitude / latitude, so the layer and the nodes share one frame.
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

/** Where nodes without a country go: open ocean in the Pacific, west of the Americas (longitude, latitude). */
export const NO_LOCATION_BOX = { x0: -178, x1: -92, y0: -40, y1: 12 } as const;

/** Target positions on the map for every node: longitude as x, latitude as y. Pure. */
export function mapPositions(graph: Graph, countries: CountryInfo[]): Record<string, { x: number; y: number }> {
  return mapLayout(graph, countries).positions;
}

/** The map's positions, and which nodes have no location (they fill the box in rows, by id). Pure. */
export function mapLayout(graph: Graph, countries: CountryInfo[]) {
  const centroid = new Map(countries.map((c) => [c.id, c]));
  const seen = new Map<string, number>();
  const out: Record<string, { x: number; y: number }> = {};
  const unplaced: string[] = [];
  graph.forEachNode((n, a) => {
    const c = a.country ? centroid.get(a.country) : undefined;
    if (!c) {
      unplaced.push(n);
      return;
    }
    const i = seen.get(c.id) ?? 0;
    seen.set(c.id, i + 1);
    const r = 0.9 * Math.sqrt(i);
    out[n] = { x: c.lng + r * Math.cos(i * GOLDEN), y: c.lat + r * Math.sin(i * GOLDEN) };
  });
  const { x0, x1, y0, y1 } = NO_LOCATION_BOX;
  const w = x1 - x0;
  const h = y1 - y0;
  const cols = Math.max(1, Math.ceil(Math.sqrt((unplaced.length * w) / h)));
  const rows = Math.max(1, Math.ceil(unplaced.length / cols));
  unplaced.sort().forEach((n, i) => {
    out[n] = { x: x0 + (w * ((i % cols) + 0.5)) / cols, y: y1 - (h * (Math.floor(i / cols) + 0.5)) / rows };
  });
  return { positions: out, unplaced };
}
