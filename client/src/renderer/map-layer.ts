/**
 * The map's country outlines (world-atlas, bundled: no tile server, works offline), drawn on a canvas layer under
 * the edges. A module of its own so the shapes load with the map, not with the explorer.
 */
import type Sigma from "sigma";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import world from "world-atlas/countries-110m.json";
import { NO_LOCATION_BOX } from "./geo.ts";

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

/**
 * Draws country outlines on a canvas layer under the edges, redrawn whenever the camera moves; the "no location"
 * box's caption goes on a layer over the nodes and edges, which would otherwise cross it.
 */
export class MapLayer {
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLCanvasElement;
  private readonly rings = countryRings();
  private shown = false;
  /** How many of the shown nodes have no location (they sit in the box); null: no box. */
  noLocationCount: (() => number) | null = null;

  constructor(private readonly renderer: Sigma) {
    this.canvas = renderer.createCanvas("atlas-map", { beforeLayer: "edges" });
    this.caption = renderer.createCanvas("atlas-map-caption", { afterLayer: "nodes" });
    renderer.on("afterRender", () => this.draw());
  }

  get visible(): boolean {
    return this.shown;
  }

  set visible(shown: boolean) {
    this.shown = shown;
    this.draw();
  }

  draw(): void {
    const { width, height } = this.renderer.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    const layer = (canvas: HTMLCanvasElement) => {
      // Resizing a canvas reallocates it: only when the view's size changed.
      if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
        canvas.width = width * ratio;
        canvas.height = height * ratio;
        canvas.style.width = `${width}px`;
        canvas.style.height = `${height}px`;
      }
      const c = canvas.getContext("2d")!;
      c.setTransform(ratio, 0, 0, ratio, 0, 0);
      c.clearRect(0, 0, width, height);
      return c;
    };
    const ctx = layer(this.canvas);
    const top = layer(this.caption);
    if (!this.shown) return;
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
    this.drawNoLocationBox(ctx, top);
  }

  /** The box of nodes without a country, and over the nodes its caption: what it holds and how many. */
  private drawNoLocationBox(ctx: CanvasRenderingContext2D, top: CanvasRenderingContext2D): void {
    const count = this.noLocationCount?.() ?? 0;
    if (!count) return;
    const { x0, x1, y0, y1 } = NO_LOCATION_BOX;
    const pad = 2;
    const a = this.renderer.graphToViewport({ x: x0 - pad, y: y1 + pad });
    const b = this.renderer.graphToViewport({ x: x1 + pad, y: y0 - pad });
    ctx.fillStyle = "rgb(255 255 255 / 0.7)";
    ctx.strokeStyle = "#8a969e";
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1;
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    ctx.strokeRect(a.x, a.y, b.x - a.x, b.y - a.y);
    ctx.setLineDash([]);
    top.font = "600 13px system-ui, sans-serif";
    top.textBaseline = "bottom";
    top.lineWidth = 4;
    top.lineJoin = "round";
    top.strokeStyle = "#fff";
    top.strokeText(this.noLocationLabel(count), a.x, a.y - 4);
    top.fillStyle = "#3d474e";
    top.fillText(this.noLocationLabel(count), a.x, a.y - 4);
  }

  /** The box's label. */
  noLocationLabel(count = this.noLocationCount?.() ?? 0): string {
    return `No location: ${count} without a country`;
  }
}
