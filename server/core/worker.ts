/** Runs CPU-heavy work off the request thread: one worker thread per job, resolved with what it posts back. */
import { Worker } from "node:worker_threads";

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);

export function runInWorker<T>(module: URL, payload: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { module: module.href, payload } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`worker ${module.pathname} exited with ${code}`)));
  });
}
