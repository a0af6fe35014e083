/**
 * The worker of group-layout.ts: runs one ForceAtlas2 job and posts the places after every batch. It works in
 * slices of about 12 ms and rests as long after each, leaving a core to the page on a small machine: the places
 * are the same, only later.
 */
import { type LayoutJob, layoutRun } from "./group-layout.ts";

const SLICE_MS = 12;

self.onmessage = async (e: MessageEvent<LayoutJob>) => {
  let slice = performance.now();
  for (const step of layoutRun(e.data)) {
    if (step) (self as unknown as Worker).postMessage(step, [step.positions.buffer]);
    const worked = performance.now() - slice;
    if (worked >= SLICE_MS && !step?.done) {
      await new Promise((r) => setTimeout(r, worked));
      slice = performance.now();
    }
  }
};
