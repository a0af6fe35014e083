/** Worker thread job: runs one analytics task and posts the result back. */
import { parentPort, workerData } from "node:worker_threads";
import { runTask } from "./tasks.ts";

const { data, mode, task } = workerData.payload;
parentPort!.postMessage(await runTask(data, mode, task));
