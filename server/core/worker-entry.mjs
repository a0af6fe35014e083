// Entry of every worker thread (plain JS so Node can start it directly): registers the TypeScript loader, then
// imports the module named in workerData.module, which reads workerData.payload and posts its result back.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
