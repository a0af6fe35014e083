/**
 * Runs CPU-heavy work off the request thread, in long-lived worker threads: one small pool per job module (as many
 * threads as the machine has cores), each thread loading its module once and then taking jobs one at a time, so a
 * job costs its computation, not a thread's start and a module load. Idle threads do not keep the process alive.
 *
 * A job module exports `handle(payload)`, returning the result (or a promise of it); a typed array's buffer is
 * transferred back rather than copied.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { setting } from "./config.ts";

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);

interface Job {
  payload: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

class Pool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private size = 0;
  private readonly running = new Map<Worker, Job>();

  constructor(
    private readonly module: URL,
    private readonly max: number,
  ) {}

  run(payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, resolve, reject });
      this.dispatch();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(ENTRY, { workerData: { module: this.module.href } });
    worker.unref();
    this.size++;
    worker.on("message", (msg: { ok: boolean; result?: unknown; error?: string }) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      if (job) {
        if (msg.ok) job.resolve(msg.result);
        else job.reject(new Error(msg.error));
      }
      this.idle.push(worker);
      this.dispatch();
    });
    const fail = (e: unknown) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.size--;
      job?.reject(e instanceof Error ? e : new Error(`worker ${this.module.pathname} stopped: ${String(e)}`));
      this.dispatch();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.running.has(worker) || this.idle.includes(worker)) fail(new Error(`worker exited with ${code}`));
    });
    return worker;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.size < this.max ? this.spawn() : null);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage(job.payload);
    }
  }
}

const pools = new Map<string, Pool>();
const THREADS = Math.max(1, setting("ATLAS_WORKER_THREADS") ?? availableParallelism());

export function runInWorker<T>(module: URL, payload: unknown): Promise<T> {
  let pool = pools.get(module.href);
  if (!pool) pools.set(module.href, (pool = new Pool(module, THREADS)));
  return pool.run(payload) as Promise<T>;
}
