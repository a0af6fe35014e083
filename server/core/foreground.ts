/**
 * Work a researcher is waiting for (an analysis), counted in shared memory, so that background threads of the same
 * process (the whole network's layout after a data change, which can take minutes) step aside while any is under
 * way: on a machine of few cores the answer then gets the cores, and the background work goes on between answers.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import path from "node:path";

/** How many waited-for computations are under way; handed to background threads with their job. */
export const foreground = new Int32Array(new SharedArrayBuffer(4));

/** Runs `work` as waited-for work. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  Atomics.add(foreground, 0, 1);
  try {
    return await work();
  } finally {
    Atomics.sub(foreground, 0, 1);
    Atomics.notify(foreground, 0);
  }
}

/**
 * In a background thread, between two steps of its work: waits while waited-for work is under way, at most
 * `maxMs` at a time, so a constant stream of requests slows the background work down but never stops it.
 */
export function yieldToForeground(flag: Int32Array, maxMs = 30_000): number {
  const started = Date.now();
  for (let busy = Atomics.load(flag, 0); busy > 0 && Date.now() - started < maxMs; busy = Atomics.load(flag, 0)) {
    Atomics.wait(flag, 0, busy, 100);
  }
  return Date.now() - started;
}

/**
 * On the main thread, before background work starts: resolves once no waited-for work is under way (at most `maxMs`
 * later), so that a step of the background work that cannot pause (the layout's set-up) does not start while an
 * answer is being computed.
 */
export async function foregroundIdle(flag: Int32Array = foreground, maxMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Atomics.load(flag, 0) > 0 && Date.now() - started < maxMs) await new Promise((r) => setTimeout(r, 50));
  return Date.now() - started;
}

/**
 * Puts the calling thread at the lowest CPU priority (nice 19), for threads that only do background work (the whole
 * network's layout): the scheduler then gives the cores to answers, the database and the request thread first, even
 * in the middle of a step that cannot pause (one ForceAtlas2 iteration over a million ties takes one to two seconds
 * here). Linux names each thread by its own id (/proc/thread-self), and there a priority set for a thread's id is that
 * thread's alone. False where this cannot be done (another system), which changes nothing else.
 */
export function lowerThreadPriority(): boolean {
  try {
    const tid = Number(path.basename(readlinkSync("/proc/thread-self")));
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, 19);
    return true;
  } catch {
    return false;
  }
}
