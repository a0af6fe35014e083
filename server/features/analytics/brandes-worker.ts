/** Worker thread job: Brandes' betweenness from a share of the sources (see compact.betweennessInParallel). */
import { parentPort, workerData } from "node:worker_threads";
import { brandes } from "./compact.ts";

const { offsets, adj, sources } = workerData.payload as { offsets: Int32Array; adj: Int32Array; sources: Int32Array };
const cb = brandes({ offsets, adj }, sources);
parentPort!.postMessage(cb, [cb.buffer as ArrayBuffer]);
