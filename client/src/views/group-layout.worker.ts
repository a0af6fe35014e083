/** The worker of group-layout.ts: runs one ForceAtlas2 job and posts the places after every batch. */
import { type LayoutJob, runLayout } from "./group-layout.ts";

self.onmessage = (e: MessageEvent<LayoutJob>) => {
  runLayout(e.data, (step) => (self as unknown as Worker).postMessage(step, [step.positions.buffer]));
};
