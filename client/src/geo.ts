/**
 * The geographic view: actors placed at their headquarters country (spread on a small spiral within it), drawn over
 * country shapes from world-atlas (bundled: no tile server, works offline). Partnerships without a seat sit in a row
 * below the map. Coordinates are longitude / latitude, so the layer and the nodes share one frame.
 */
import type Graph from "graphology";
import type Sigma from "sigma";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import world from "world-atlas/countries-110m.json";

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

type Ring = [number, number][];

function countryRings(): Ring[] {
  const topo = world as unknown as Topology<{ countries: GeometryCollection }>;
  const fc = feature(topo, topo.objects.countries);
  const rings: Ring[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === "Polygon") rings.push(...(g.coordinates as Ring[]));
    else if (g.type === "MultiPolygon") for (const p of g.coordinates as Ring[][]) rings.push(...p);
  }
  return rings;
}

/** Draws country outlines on a canvas layer under the edges, redrawn whenever the camera moves. */
export class MapLayer {
  private readonly canvas: HTMLCanvasElement;
  private readonly rings = countryRings();
  visible = false;

  constructor(private readonly renderer: Sigma) {
    this.canvas = renderer.createCanvas("atlas-map", { beforeLayer: "edges" });
    renderer.on("afterRender", () => this.draw());
  }

  draw(): void {
    const { width, height } = this.renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext("2d")!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!this.visible) return;
    ctx.fillStyle = "#eef1f3";
    ctx.strokeStyle = "#c9d0d5";
    ctx.lineWidth = 0.6;
    for (const ring of this.rings) {
      ctx.beginPath();
      ring.forEach(([lng, lat], i) => {
        const p = this.renderer.graphToViewport({ x: lng, y: lat });
        // A jump across the antimeridian starts a new stroke instead of a line across the world.
        if (i === 0 || Math.abs(lng - ring[i - 1]![0]) > 180) ctx.moveTo(p.x, p.y);
        else ctx.lineTo(p.x, p.y);
      });
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
  }
}
