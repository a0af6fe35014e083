// Entry of every worker thread (plain JS so Node can start it directly): registers the TypeScript loader, imports
// the job module named in workerData.module once, then answers each message with `handle(message)`'s result.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { handle } = await import(workerData.module);

parentPort.on("message", async (payload) => {
  try {
    const result = await handle(payload);
    const transfer = ArrayBuffer.isView(result) ? [result.buffer] : [];
    parentPort.postMessage({ ok: true, result }, transfer);
  } catch (e) {
    parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
