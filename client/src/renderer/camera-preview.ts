/**
 * Camera moves on large networks. Where WebGL runs in software, drawing a quarter of a million edges takes far
 * longer than a frame, so it cannot be done for every frame of a pan or a zoom. While the camera moves, the frame on
 * screen is instead moved and scaled as a picture (a CSS transform of Sigma's layers, as map viewers do with their tiles),
 * and the network is drawn for real once the camera has rested for `restMs` and no mouse button is held: a drag is
 * one gesture, shown as a moved picture from press to release however long a frame takes or the pointer pauses.
 * Renders asked for while the camera is still, and refreshes (filters, hover, selection), draw as before.
 */
import type Sigma from "sigma";
import type { CameraState } from "sigma/types";

/** The similarity transform that takes a point drawn with camera `from` to where camera `to` draws it. */
export function cameraTransform(
  renderer: Pick<Sigma, "framedGraphToViewport">,
  from: CameraState,
  to: CameraState,
): { scale: number; x: number; y: number } {
  const origin = { x: from.x, y: from.y };
  const unit = { x: from.x + from.ratio, y: from.y };
  const o0 = renderer.framedGraphToViewport(origin, { cameraState: from });
  const u0 = renderer.framedGraphToViewport(unit, { cameraState: from });
  const o1 = renderer.framedGraphToViewport(origin, { cameraState: to });
  const u1 = renderer.framedGraphToViewport(unit, { cameraState: to });
  const scale = Math.hypot(u1.x - o1.x, u1.y - o1.y) / Math.hypot(u0.x - o0.x, u0.y - o0.y);
  return { scale, x: o1.x - scale * o0.x, y: o1.y - scale * o0.y };
}

const same = (a: CameraState, b: CameraState) =>
  a.x === b.x && a.y === b.y && a.ratio === b.ratio && a.angle === b.angle;

export interface CameraPreview {
  /** Frames shown as a moved picture, and frames drawn for real, since the preview was installed. */
  readonly counts: { previewed: number; drawn: number };
  /** True from a camera move until the view is drawn again at rest: what is on screen is a moved picture. */
  readonly moving: boolean;
  uninstall(): void;
}

export interface PreviewOptions {
  /** How long the camera must stay still (and the mouse button be released) before the network is drawn again. */
  restMs?: number;
  /** Called when the camera has come to rest, before the network is drawn again. */
  beforeRest?: () => void;
}

export function previewCameraMoves(renderer: Sigma, { restMs = 160, beforeRest }: PreviewOptions = {}): CameraPreview {
  const camera = renderer.getCamera();
  const schedule = renderer.scheduleRender.bind(renderer);
  const captor = renderer.getMouseCaptor();
  const layers = () =>
    Object.entries(renderer.getCanvases())
      .filter(([name]) => name !== "mouse")
      .map(([, canvas]) => canvas);
  let drawn = camera.getState();
  let frame = 0;
  let timer = 0;
  let transformed = false;
  const counts = { previewed: 0, drawn: 0 };

  const preview = () => {
    frame = 0;
    const t = cameraTransform(renderer, drawn, camera.getState());
    for (const canvas of layers()) {
      canvas.style.transformOrigin = "0 0";
      canvas.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.scale})`;
    }
    transformed = true;
    counts.previewed++;
  };

  // Sigma asks for a frame through scheduleRender whenever the camera moves.
  renderer.scheduleRender = () => {
    const now = camera.getState();
    // A rotation cannot be shown as a moved picture of the frame: it is drawn.
    if (same(now, drawn) || now.angle !== drawn.angle) return schedule();
    frame ||= requestAnimationFrame(preview);
    restSoon();
    return renderer;
  };

  // The real draw waits until the camera rests with the button released (a held drag waits on).
  const restSoon = () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (captor.isMouseDown) return restSoon();
      beforeRest?.();
      schedule();
    }, restMs);
  };

  // Every real frame (scheduled, or drawn at once by a refresh) starts from an untransformed picture.
  const onRender = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    clearTimeout(timer);
    if (transformed) for (const canvas of layers()) canvas.style.transform = "";
    transformed = false;
    drawn = camera.getState();
    counts.drawn++;
  };
  renderer.on("beforeRender", onRender);

  return {
    counts,
    get moving() {
      return transformed || frame !== 0;
    },
    uninstall() {
      onRender();
      renderer.off("beforeRender", onRender);
      renderer.scheduleRender = schedule;
    },
  };
}
