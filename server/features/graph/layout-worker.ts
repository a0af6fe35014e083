/** Worker thread job: computes one layout and posts it back. */
import { parentPort, workerData } from "node:worker_threads";
import { computeLayout, type LayoutInput } from "./layout-compute.ts";

parentPort!.postMessage(computeLayout(workerData.payload as LayoutInput));
