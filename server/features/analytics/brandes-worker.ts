/** Worker thread job: Brandes' betweenness from a share of the sources (see compact.betweennessInParallel). */
import { brandes } from "./compact.ts";

export const handle = ({ offsets, adj, sources }: { offsets: Int32Array; adj: Int32Array; sources: Int32Array }) =>
  brandes({ offsets, adj }, sources);
