/** Worker thread job: computes one layout, stepping aside between iterations while an analysis is under way. */
import { yieldToForeground } from "../../core/foreground.ts";
import { computeLayout, type LayoutInput } from "./layout-compute.ts";

export const handle = ({ foreground, ...input }: LayoutInput & { foreground?: Int32Array }) =>
  computeLayout(input, 7, foreground ? () => void yieldToForeground(foreground) : undefined);
