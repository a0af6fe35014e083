/**
 * Lanes: bounded concurrency for heavy work, so that it cannot starve light work. Each lane lets a fixed number of
 * tasks run at once and queues a bounded number more; a request that finds the queue full, or waits in it too
 * long, gets a 503 with Retry-After instead of slowing everyone else down. Light endpoints (search, node details,
 * health) take no lane at all.
 */
import type { RequestHandler } from "express";
import { ApiError } from "./errors.ts";

export interface LaneOptions {
  /** Tasks that run at once. */
  concurrency: number;
  /** Tasks that may wait for a place; more are refused at once. */
  queue: number;
  /** How long a task may wait for a place before it is refused. */
  maxWaitMs: number;
}

export class Lane {
  private running = 0;
  private readonly waiting: { grant: () => void; refuse: (e: ApiError) => void; timer: NodeJS.Timeout }[] = [];
  /** Tasks refused because the lane was full or the wait too long (for metrics). */
  refused = 0;

  constructor(
    readonly name: string,
    readonly options: LaneOptions,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private busy(reason: string): ApiError {
    this.refused++;
    return new ApiError(
      503,
      "busy",
      `The server is busy with ${this.name} work (${reason}); try again in a few seconds.`,
      { lane: this.name },
    );
  }

  /** Waits for a place; resolves with the function that gives it back (call it exactly once). */
  acquire(): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        this.running++;
        next.grant();
      }
    };
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve(release);
    }
    if (this.waiting.length >= this.options.queue) return Promise.reject(this.busy(`${this.queued} requests waiting`));
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => resolve(release),
        refuse: reject,
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.busy(`waited ${this.options.maxWaitMs / 1000} s for a place`));
        }, this.options.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Runs `work` in the lane. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Middleware: holds a place from the request's start until its response is finished or the client has gone. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      this.acquire().then(
        (release) => {
          res.once("close", release);
          res.once("finish", release);
          if (req.destroyed) release();
          next();
        },
        (e: unknown) => next(e),
      );
    };
  }
}
