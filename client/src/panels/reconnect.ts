/**
 * When the database (or the server) does not answer, the explorer says so and tries again by itself: quickly at
 * first, then every ten seconds, with a countdown the researcher can read ("retrying in 5 s…") and a button to try
 * at once. Whatever was waiting (the network, a details panel, a search) carries on when the answer comes.
 */
import { api, ApiError } from "../api.ts";

/** Seconds between tries: the n-th wait is `BACKOFF_S[n]`, the last one repeated. */
export const BACKOFF_S = [2, 3, 5, 5, 10] as const;
export const backoffSeconds = (attempt: number): number => BACKOFF_S[Math.min(attempt, BACKOFF_S.length - 1)]!;

/** Whether a failure is the database or the server being away for now (worth trying again), not a bad request. */
export function isUnavailable(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    (e.code === "database_unavailable" || e.code === "network" || e.status === 502 || e.status === 503)
  );
}

/** A query that ran out of time: the database just back and still cold, or busy; worth another try too. */
const isSlow = (e: unknown) => e instanceof ApiError && e.status === 504;

/** What to say while waiting: which part is away (or slow), and when the next try is. */
export function waitingText(e: unknown, seconds: number): string {
  const who =
    e instanceof ApiError && e.code === "network"
      ? "The Coalition Atlas server is not answering"
      : isSlow(e)
        ? "The database is slow to answer"
        : "The database is not reachable right now";
  return seconds > 0 ? `${who}; retrying in ${seconds} s…` : `${who}; retrying now…`;
}

export interface RetryOptions {
  /** Told what to say at each tick of the countdown (and once when a try starts). */
  say(text: string, e: unknown): void;
  /** Stops the waiting: the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

const aborted = () => new DOMException("The wait was cancelled.", "AbortError");

/** A pending countdown ends early on `retryNow()` (the banner's button), so every waiting part tries at once. */
const wakers = new Set<() => void>();
export function retryNow(): void {
  for (const w of [...wakers]) w();
}

function wait(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      wakers.delete(done);
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    const stop = () => {
      clearTimeout(timer);
      wakers.delete(done);
      reject(aborted());
    };
    const timer = setTimeout(done, seconds * 1000);
    wakers.add(done);
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/**
 * Runs `work` until it answers or fails for another reason than the database being away (or too slow for a
 * moment); meanwhile `say` is told the countdown every second.
 */
export async function withRetry<T>(work: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw aborted();
    try {
      return await work();
    } catch (e) {
      if (!isUnavailable(e) && !isSlow(e)) throw e;
      let woken = false;
      const wake = () => (woken = true);
      wakers.add(wake);
      try {
        for (let s = backoffSeconds(attempt); s > 0 && !woken; s--) {
          opts.say(waitingText(e, s), e);
          await wait(1, opts.signal);
        }
      } finally {
        wakers.delete(wake);
      }
      opts.say(waitingText(e, 0), e);
    }
  }
}

/** Waits (with the countdown) until the server says the database answers again. */
export function untilBack(opts: RetryOptions): Promise<unknown> {
  return withRetry(() => api.health(), opts);
}
