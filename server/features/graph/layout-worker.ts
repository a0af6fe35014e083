/** Worker thread job: computes one layout. */
import { computeLayout, type LayoutInput } from "./layout-compute.ts";

export const handle = (payload: LayoutInput) => computeLayout(payload);
