/**
 * Worker thread job: computes one layout, stepping aside between iterations while an analysis is under way, and
 * stopping there once `stop` is set (the data changed: nobody will ask for this layout again).
 */
import { yieldToForeground } from "../../core/foreground.ts";
import { computeLayout, type LayoutInput } from "./layout-compute.ts";

export const handle = ({ foreground, stop, ...input }: LayoutInput & { foreground?: Int32Array; stop?: Int32Array }) =>
  computeLayout(input, 7, () => {
    if (foreground) yieldToForeground(foreground);
    if (stop && Atomics.load(stop, 0) !== 0) throw new Error("layout stopped");
  });
