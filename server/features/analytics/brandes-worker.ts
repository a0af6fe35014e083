/** Worker thread job: Brandes' betweenness from sources taken off a shared counter (see compact.brandesShared). */
import { brandesShared } from "./compact.ts";

export const handle = (job: Parameters<typeof brandesShared>[0] | { warm: true }) =>
  "warm" in job ? null : brandesShared(job);
