/**
 * Worker thread job: runs one analytics task on a scope's task graph (typed arrays in shared memory). `{warm: true}`
 * only loads this module and starts the betweenness threads, so the first real task does not wait for them.
 */
import { runInWorker } from "../../core/worker.ts";
import { BRANDES_WORKER, type TaskGraph } from "./compact.ts";
import { type Mode, runIndexed, type Task, type TaskSettings } from "./tasks.ts";

type Job = { graph: TaskGraph; mode: Mode; task: Task; settings: TaskSettings } | { warm: true };

export const handle = async (job: Job) => {
  if ("warm" in job) {
    await runInWorker(BRANDES_WORKER, { warm: true });
    return null;
  }
  return runIndexed(job.graph, job.mode, job.task, job.settings);
};
