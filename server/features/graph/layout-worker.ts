/**
 * Worker thread job: computes one layout at the lowest CPU priority, stepping aside between iterations while an
 * analysis is under way, and stopping there once `stop` is set (the data changed: nobody will ask for this layout
 * again).
 */
import { lowerThreadPriority, yieldToForeground } from "../../core/foreground.ts";
import { computeLayout, type LayoutInput } from "./layout-compute.ts";

export function handle({ foreground, stop, ...input }: LayoutInput & { foreground?: Int32Array; stop?: Int32Array }) {
  // The threads of this job's pool only ever lay out in the background.
  lowerThreadPriority();
  return computeLayout(input, 7, () => {
    if (foreground) yieldToForeground(foreground);
    if (stop && Atomics.load(stop, 0) !== 0) throw new Error("layout stopped");
  });
}
